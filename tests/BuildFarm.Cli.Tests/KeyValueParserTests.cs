using BuildFarm.Cli.Parsing;

namespace BuildFarm.Cli.Tests;

public sealed class KeyValueParserTests
{
    [Fact]
    public void Pairs_split_at_the_first_equals_sign_and_keep_the_rest_of_the_value()
    {
        var pairs = KeyValueParser.ParsePairs("--var", ["branch=main", "flags=-O2 -DX=1", "empty="]);

        Assert.Equal("main", pairs["branch"]);
        Assert.Equal("-O2 -DX=1", pairs["flags"]);
        Assert.Equal("", pairs["empty"]);
    }

    [Fact]
    public void A_pair_without_equals_sign_names_the_flag_the_item_and_the_expected_form()
    {
        var error = Assert.Throws<FormatException>(() => KeyValueParser.ParsePairs("--var", ["branch"]));

        Assert.Equal("--var 'branch': expected NAME=VALUE (there is no '=')", error.Message);
    }

    [Fact]
    public void A_pair_with_an_empty_name_is_refused()
    {
        var error = Assert.Throws<FormatException>(() => KeyValueParser.ParsePairs("--var", ["=main"]));

        Assert.Contains("the name before '=' is empty", error.Message);
    }

    [Fact]
    public void A_name_given_twice_is_refused()
    {
        var error = Assert.Throws<FormatException>(() => KeyValueParser.ParsePairs("--var", ["a=1", "a=2"]));

        Assert.Equal("--var 'a' is given twice", error.Message);
    }

    [Fact]
    public void Lists_take_comma_separated_pairs_from_every_item_and_trim_blanks()
    {
        var labels = KeyValueParser.ParseList("--labels", ["os=linux, arch = x64", "pool=fast,"]);

        Assert.Equal(3, labels.Count);
        Assert.Equal("linux", labels["os"]);
        Assert.Equal("x64", labels["arch"]);
        Assert.Equal("fast", labels["pool"]);
    }

    [Fact]
    public void A_list_entry_without_equals_sign_is_refused_with_the_flag_name()
    {
        var error = Assert.Throws<FormatException>(() => KeyValueParser.ParseList("--labels", ["os=linux,gpu"]));

        Assert.Equal("--labels 'gpu': expected NAME=VALUE (there is no '=')", error.Message);
    }
}
