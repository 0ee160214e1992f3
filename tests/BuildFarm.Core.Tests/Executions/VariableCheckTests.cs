using BuildFarm.Core.Executions.Conditions;

namespace BuildFarm.Core.Tests.Executions;

public sealed class VariableCheckTests
{
    [Theory]
    [InlineData("main", "EQ", "main", true)]
    [InlineData("main", "eq", "Main", false)]
    [InlineData("main", "NE", "dev", true)]
    [InlineData("feature/login", "CONTAINS", "feature/", true)]
    [InlineData("feature/login", "MATCHES", "feature/.*", true)]
    [InlineData("my-feature/login", "MATCHES", "feature/.*", false)]
    [InlineData("release-1.2", "MATCHES", "release-\\d+\\.\\d+", true)]
    public void Operators_compare_as_documented(string variable, string op, string value, bool passed) =>
        Assert.Equal(passed, VariableCheck.Evaluate(variable, op, value).Passed);

    [Fact]
    public void A_bad_pattern_or_operator_fails_the_rule_saying_why()
    {
        Assert.StartsWith("'(' is not a valid regular expression", VariableCheck.Evaluate("x", "MATCHES", "(").Message);
        Assert.Equal("unknown Operator 'LIKE'; use one of EQ, NE, CONTAINS, MATCHES", VariableCheck.Evaluate("x", "LIKE", "x").Message);
    }
}
