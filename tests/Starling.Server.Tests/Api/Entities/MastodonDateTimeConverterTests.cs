using System.Text.Json;
using System.Text.Json.Serialization;
using Starling.Server.Api.Entities;

namespace Starling.Server.Tests.Api.Entities;

public sealed class MastodonDateTimeConverterTests
{
    private sealed record Times(
        [property: JsonPropertyName("at"), JsonConverter(typeof(MastodonDateTimeConverter))] DateTime At,
        [property: JsonPropertyName("maybe"), JsonConverter(typeof(MastodonDateTimeConverter))] DateTime? Maybe);

    [Fact]
    public void Times_are_written_in_utc_with_milliseconds_and_a_z()
    {
        var json = JsonSerializer.Serialize(new Times(new DateTime(2019, 12, 8, 3, 48, 33, 901, DateTimeKind.Utc), null));

        Assert.Equal("""{"at":"2019-12-08T03:48:33.901Z","maybe":null}""", json);
    }

    [Fact]
    public void A_time_read_back_from_the_database_without_a_kind_is_taken_as_utc()
    {
        var json = JsonSerializer.Serialize(new Times(new DateTime(2026, 1, 15, 12, 0, 0, DateTimeKind.Unspecified), new DateTime(2026, 1, 15, 12, 0, 0, 7)));

        Assert.Equal("""{"at":"2026-01-15T12:00:00.000Z","maybe":"2026-01-15T12:00:00.007Z"}""", json);
    }

    [Fact]
    public void A_local_time_is_converted_to_utc()
    {
        var utc = new DateTime(2026, 6, 1, 8, 30, 0, DateTimeKind.Utc);

        Assert.Contains("\"2026-06-01T08:30:00.000Z\"", JsonSerializer.Serialize(new Times(utc.ToLocalTime(), null)));
    }

    [Fact]
    public void Times_read_back_as_they_were_written()
    {
        var times = new Times(new DateTime(2019, 12, 8, 3, 48, 33, 901, DateTimeKind.Utc), new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        var back = JsonSerializer.Deserialize<Times>(JsonSerializer.Serialize(times))!;

        Assert.Equal(times, back);
        Assert.Equal(DateTimeKind.Utc, back.At.Kind);
    }
}
