using BuildFarm.Core.Content;
using BuildFarm.Storage.Content;

namespace BuildFarm.Storage.Tests;

public sealed class BlobPresenceMemoryTests
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);
    private readonly ManualClock clock = new();

    private static Digest Blob(int i) => Digest.Of(BitConverter.GetBytes(i));

    [Fact]
    public void A_remembered_blob_is_known_present_and_only_under_its_exact_digest()
    {
        var memory = new BlobPresenceMemory(100, MaxAge, clock);
        var blob = Blob(1);
        Assert.False(memory.IsKnownPresent(blob));

        memory.Remember(blob);

        Assert.True(memory.IsKnownPresent(blob));
        Assert.True(memory.IsKnownPresent(new Digest(blob.Hash, blob.SizeBytes)));
        Assert.False(memory.IsKnownPresent(blob with { SizeBytes = blob.SizeBytes + 1 }));
        Assert.False(memory.IsKnownPresent(Blob(2)));
    }

    [Fact]
    public void A_forgotten_blob_is_no_longer_known_in_either_generation()
    {
        var memory = new BlobPresenceMemory(100, MaxAge, clock);
        memory.Remember(Blob(1));
        clock.Advance(MaxAge * 0.6); // Blob 1 goes to the previous generation
        memory.Remember(Blob(2));
        memory.Remember(Blob(3));

        memory.Forget(Blob(1));
        memory.Forget(Blob(3));

        Assert.False(memory.IsKnownPresent(Blob(1)));
        Assert.True(memory.IsKnownPresent(Blob(2)));
        Assert.False(memory.IsKnownPresent(Blob(3)));
    }

    [Fact]
    public void An_entry_is_trusted_for_at_least_half_the_max_age_and_never_for_the_max_age()
    {
        var memory = new BlobPresenceMemory(100, MaxAge, clock);
        memory.Remember(Blob(1));
        clock.Advance(MaxAge * 0.3);
        memory.Remember(Blob(2));

        clock.Advance(MaxAge * 0.5); // Blob 1 seen 0.8 ago, Blob 2 0.5 ago
        Assert.True(memory.IsKnownPresent(Blob(1)));
        Assert.True(memory.IsKnownPresent(Blob(2)));

        clock.Advance(MaxAge * 0.2); // Blob 1 seen a whole max age ago
        Assert.False(memory.IsKnownPresent(Blob(1)));
    }

    [Fact]
    public void Seeing_a_blob_present_again_renews_its_entry()
    {
        var memory = new BlobPresenceMemory(100, MaxAge, clock);
        memory.Remember(Blob(1));
        clock.Advance(MaxAge * 0.7);
        memory.Remember(Blob(1));

        clock.Advance(MaxAge * 0.7);

        Assert.True(memory.IsKnownPresent(Blob(1)));
    }

    [Fact]
    public void After_a_long_quiet_time_nothing_is_trusted()
    {
        var memory = new BlobPresenceMemory(100, MaxAge, clock);
        memory.Remember(Blob(1));

        clock.Advance(MaxAge * 5);

        Assert.False(memory.IsKnownPresent(Blob(1)));
        Assert.Equal(0, memory.Count);
    }

    [Fact]
    public void The_memory_never_holds_more_than_its_capacity_and_keeps_the_latest()
    {
        var memory = new BlobPresenceMemory(capacity: 10, MaxAge, clock);

        for (var i = 0; i < 1000; i++)
        {
            memory.Remember(Blob(i));
            Assert.InRange(memory.Count, 1, 10);
        }

        Assert.All(Enumerable.Range(995, 5), i => Assert.True(memory.IsKnownPresent(Blob(i)), $"blob {i}"));
        Assert.All(Enumerable.Range(0, 990), i => Assert.False(memory.IsKnownPresent(Blob(i)), $"blob {i}"));
    }

    [Fact]
    public void Concurrent_callers_see_every_blob_they_remembered()
    {
        var memory = new BlobPresenceMemory(100_000, MaxAge, clock);

        Parallel.For(0, 8, worker =>
        {
            for (var i = 0; i < 2000; i++)
            {
                memory.Remember(Blob(worker * 10_000 + i));
                Assert.True(memory.IsKnownPresent(Blob(worker * 10_000 + i)));
            }
        });

        Assert.Equal(16_000, memory.Count);
    }

    [Theory]
    [InlineData("abc", 1)]
    [InlineData("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", 0)]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85z", 0)]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", -1)]
    public void A_malformed_digest_is_refused(string hash, long size)
    {
        var memory = new BlobPresenceMemory(100, MaxAge, clock);
        var error = Assert.Throws<ArgumentException>(() => memory.Remember(new Digest(hash, size)));
        Assert.Contains("64 lowercase hex characters", error.Message);
        Assert.Throws<ArgumentException>(() => memory.IsKnownPresent(new Digest(hash, size)));
    }
}
