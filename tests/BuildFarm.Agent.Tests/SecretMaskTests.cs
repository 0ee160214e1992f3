using System.Text;
using BuildFarm.Agent.Logs;

namespace BuildFarm.Agent.Tests;

/// <summary>Secret values are masked in the shipped log bytes however the writes split them.</summary>
public sealed class SecretMaskTests
{
    private const string Log = "token=hunter2-xyz; again hunter2-xyz\nhunter2 alone, hunterX, and s3cr3t at the end: s3cr3t";
    private const string Masked = "token=***; again ***\nhunter2 alone, hunterX, and *** at the end: ***";

    private static SecretMask Mask()
    {
        var mask = new SecretMask();
        mask.Add("hunter2-xyz");
        mask.Add("s3cr3t");
        mask.Add("");
        return mask;
    }

    [Fact]
    public void Every_split_point_of_the_input_gives_the_same_masked_output()
    {
        var bytes = Encoding.UTF8.GetBytes(Log);
        for (var split = 0; split <= bytes.Length; split++)
        {
            var mask = Mask();
            var output = new List<byte>();
            output.AddRange(mask.Process(bytes.AsSpan(0, split)));
            output.AddRange(mask.Process(bytes.AsSpan(split)));
            output.AddRange(mask.Flush());
            Assert.Equal(Masked, Encoding.UTF8.GetString([.. output]));
        }
    }

    [Fact]
    public void Byte_by_byte_writes_are_masked_too_and_a_prefix_left_at_the_end_is_shipped_as_it_is()
    {
        var mask = Mask();
        var output = new List<byte>();
        foreach (var b in Encoding.UTF8.GetBytes(Log + " hunter2-x")) output.AddRange(mask.Process([b]));
        output.AddRange(mask.Flush());
        Assert.Equal(Masked + " hunter2-x", Encoding.UTF8.GetString([.. output]));
    }

    [Fact]
    public void A_secret_that_contains_another_is_replaced_whole()
    {
        var mask = new SecretMask();
        mask.Add("abc");
        mask.Add("xabcx");
        Assert.Equal("1 *** 2 ***", Encoding.UTF8.GetString(mask.Process("1 xabcx 2 abc"u8)));
    }

    [Fact]
    public void A_secret_that_begins_another_waits_for_the_longer_one_at_every_split_point()
    {
        var bytes = "1 abcdef 2 abc"u8.ToArray();
        for (var split = 0; split <= bytes.Length; split++)
        {
            var mask = new SecretMask();
            mask.Add("abc");
            mask.Add("abcdef");
            var output = new List<byte>();
            output.AddRange(mask.Process(bytes.AsSpan(0, split)));
            output.AddRange(mask.Process(bytes.AsSpan(split)));
            output.AddRange(mask.Flush());
            Assert.Equal("1 *** 2 ***", Encoding.UTF8.GetString([.. output]));
        }
    }

    [Fact]
    public void A_whole_text_is_masked_at_once()
    {
        var mask = Mask();
        Assert.Equal(Masked, mask.Text(Log));
        Assert.Equal("nothing secret", mask.Text("nothing secret"));
    }

    [Fact]
    public async Task The_chunker_ships_masked_bytes_with_continuous_offsets()
    {
        var sent = new List<(long Offset, byte[] Data)>();
        var chunker = new LogChunker((offset, data, _) =>
        {
            lock (sent) sent.Add((offset, data.ToArray()));
            return Task.CompletedTask;
        }, TimeSpan.FromMilliseconds(1));
        chunker.Mask("hunter2-xyz");
        chunker.Mask("s3cr3t");
        var bytes = Encoding.UTF8.GetBytes(Log);
        for (var i = 0; i < bytes.Length; i += 5)
        {
            chunker.Write(bytes.AsSpan(i, Math.Min(5, bytes.Length - i)));
            await Task.Delay(1);
        }
        await chunker.CompleteAsync();

        long expected = 0;
        foreach (var (offset, data) in sent)
        {
            Assert.Equal(expected, offset);
            expected += data.Length;
        }
        Assert.Equal(Masked, Encoding.UTF8.GetString(sent.SelectMany(c => c.Data).ToArray()));
    }
}
