using System.Text;
using BuildFarm.Core.Content;

namespace BuildFarm.Core.Tests.Content;

public sealed class DigestTests
{
    [Fact]
    public void Digest_of_abc_is_its_known_sha256()
    {
        var digest = Digest.Of("abc"u8);
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", digest.Hash);
        Assert.Equal(3, digest.SizeBytes);
    }

    [Fact]
    public void Digest_of_nothing_is_the_empty_digest()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Digest.Empty.Hash);
        Assert.Equal(0, Digest.Empty.SizeBytes);
    }

    [Fact]
    public async Task Digest_of_a_stream_equals_digest_of_its_bytes()
    {
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("a line of content\n", 20_000)));
        using var stream = new MemoryStream(bytes);
        Assert.Equal(Digest.Of(bytes), await Digest.OfAsync(stream));
    }

    [Fact]
    public void A_digest_prints_and_parses_back()
    {
        var digest = Digest.Of("abc"u8);
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad/3", digest.ToString());
        Assert.True(Digest.TryParse(digest.ToString(), out var parsed));
        Assert.Equal(digest, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad/-1")]
    [InlineData("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD/3")]
    [InlineData("ba7816bf/3")]
    [InlineData("zz7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad/3")]
    public void Malformed_digests_do_not_parse(string? text)
    {
        Assert.False(Digest.TryParse(text, out _));
    }
}
