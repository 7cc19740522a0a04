using Starling.Server.Features.Moderation;

namespace Starling.Server.Tests.Features.Moderation;

/// <summary>Server names as an admin pastes them, and which names a rule covers.</summary>
public sealed class DomainNamesTests
{
    [Theory]
    [InlineData("example.com", "example.com")]
    [InlineData("  Example.COM  ", "example.com")]
    [InlineData("https://Social.Example.com/about?x=1", "social.example.com")]
    [InlineData("http://example.com:8443/", "example.com")]
    [InlineData("example.com:8443", "example.com")]
    [InlineData("example.com/users/alice", "example.com")]
    [InlineData("alice@example.com", "example.com")]
    [InlineData("*.example.com", "example.com")]
    [InlineData("example.com.", "example.com")]
    [InlineData("bücher.example", "xn--bcher-kva.example")]
    [InlineData("https://bücher.example/", "xn--bcher-kva.example")]
    [InlineData("XN--BCHER-KVA.example", "xn--bcher-kva.example")]
    [InlineData("127.0.0.1:3000", "127.0.0.1")]
    public void Names_are_normalised(string input, string expected) => Assert.Equal(expected, DomainNames.TryNormalize(input));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("exa mple.com")]
    [InlineData("-example.com")]
    [InlineData("example..com")]
    [InlineData("example.com<script>")]
    [InlineData("https://")]
    [InlineData("exa$mple.com")]
    public void Non_names_are_refused(string? input) => Assert.Null(DomainNames.TryNormalize(input));

    [Fact]
    public void A_label_longer_than_63_characters_is_refused() =>
        Assert.Null(DomainNames.TryNormalize(new string('a', 64) + ".example"));

    [Theory]
    [InlineData("example.com", "example.com", true)]
    [InlineData("example.com", "sub.example.com", true)]
    [InlineData("example.com", "a.b.example.com", true)]
    [InlineData("example.com", "badexample.com", false)]
    [InlineData("example.com", "example.com.evil", false)]
    [InlineData("sub.example.com", "example.com", false)]
    public void A_rule_covers_its_name_and_the_names_below_it(string rule, string domain, bool covered) =>
        Assert.Equal(covered, DomainNames.Covers(rule, domain));

    [Fact]
    public void Parents_are_listed_most_specific_first() =>
        Assert.Equal(["a.b.example", "b.example", "example"], DomainNames.SelfAndParents("a.b.example"));
}

/// <summary>The rule for a server when several blocks cover it.</summary>
public sealed class DomainBlockRulesTests
{
    private static DomainBlock Block(string domain, DomainBlockSeverity severity, bool media = false, bool reports = false) =>
        new() { Domain = domain, Severity = severity, RejectMedia = media, RejectReports = reports };

    [Fact]
    public void A_block_covers_subdomains_and_the_strictest_of_each_part_applies()
    {
        var rules = new DomainBlockRules([
            Block("example.com", DomainBlockSeverity.Silence),
            Block("media.example.com", DomainBlockSeverity.None, media: true),
            Block("evil.test", DomainBlockSeverity.Suspend),
            Block("quiet.test", DomainBlockSeverity.None, reports: true),
        ]);

        Assert.Equal(new DomainRule(DomainBlockSeverity.Silence, false, false), rules.RuleFor("example.com"));
        Assert.Equal(new DomainRule(DomainBlockSeverity.Silence, false, false), rules.RuleFor("Sub.Example.com:443"));
        Assert.Equal(new DomainRule(DomainBlockSeverity.Silence, true, false), rules.RuleFor("cdn.media.example.com"));
        Assert.Equal(DomainRule.None, rules.RuleFor("notexample.com"));
        Assert.Equal(DomainRule.None, rules.RuleFor(null));
        Assert.True(rules.IsSuspended("a.evil.test"));
        Assert.True(rules.RejectsMedia("evil.test"));
        Assert.True(rules.RejectsReports("evil.test"));
        Assert.False(rules.RejectsMedia("quiet.test"));
        Assert.True(rules.RejectsReports("quiet.test"));
        Assert.Equal(DomainBlockSeverity.None, rules.SeverityFor("quiet.test"));
        Assert.True(rules.LimitsAny);
        Assert.False(new DomainBlockRules([Block("quiet.test", DomainBlockSeverity.None, reports: true)]).LimitsAny);
    }
}
