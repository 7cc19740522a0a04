using Starling.ActivityPub.Json;

namespace Starling.ActivityPub.Tests.Json;

public sealed class XsdDurationTests
{
    [Theory]
    [InlineData("PT2M5.5S", 125.5)]
    [InlineData("PT125S", 125)]
    [InlineData("PT1H2M3S", 3723)]
    [InlineData("P1DT2H", 93600)]
    [InlineData("P0DT0H0M7.25S", 7.25)]
    [InlineData("PT0.001S", 0.001)]
    [InlineData(" PT30S ", 30)]
    [InlineData("-PT5S", -5)]
    public void Reads_the_forms_servers_send(string text, double seconds)
    {
        Assert.True(XsdDuration.TryParse(text, out var value));
        Assert.Equal(seconds, value.TotalSeconds, 6);
    }

    [Theory]
    [InlineData("")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("P1DT")]
    [InlineData("125")]
    [InlineData("2M5S")]
    [InlineData("PT5.S")]
    [InlineData("PT-5S")]
    [InlineData("PT5S4M")]
    [InlineData("P1.5D")]
    [InlineData("PT\u0665S")]
    [InlineData("P99999999999999999999D")]
    [InlineData(null)]
    public void Refuses_what_is_not_a_duration(string? text)
    {
        Assert.False(XsdDuration.TryParse(text, out _));
    }

    [Theory]
    [InlineData(125.5, "PT2M5.5S")]
    [InlineData(3723, "PT1H2M3S")]
    [InlineData(93600, "P1DT2H")]
    [InlineData(0, "PT0S")]
    [InlineData(0.0001, "PT0.0001S")]
    [InlineData(7200, "PT2H")]
    public void Writes_the_shortest_form_and_reads_it_back(double seconds, string expected)
    {
        var duration = TimeSpan.FromSeconds(seconds);

        var text = XsdDuration.Format(duration);

        Assert.Equal(expected, text);
        Assert.True(XsdDuration.TryParse(text, out var back));
        Assert.Equal(duration, back);
    }
}
