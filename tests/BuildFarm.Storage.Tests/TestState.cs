namespace BuildFarm.Storage.Tests;

[GenerateSerializer, Alias("BuildFarm.Storage.Tests.TestState")]
public sealed class TestState
{
    [Id(0)] public string Name { get; set; } = "";
    [Id(1)] public int Count { get; set; }
    [Id(2)] public List<string> Items { get; set; } = [];
}
