using Xunit.Sdk;

namespace Starling.Server.Tests.Rig;

public sealed class GoldenJsonTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "starling-golden-" + Guid.NewGuid().ToString("N"));

    private string GoldenFile(string name) => Path.Combine(_directory, "Golden", name);

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Ids_times_dates_and_hosts_become_numbered_placeholders_wherever_they_appear()
    {
        const string json = """
            {"id":"113912345678901234","url":"https://starling.test/@alice/113912345678901234","other":"113912345678999999",
             "created_at":"2026-01-15T12:00:00.000Z","edited_at":"2026-01-15T12:00:00.000Z","day":"2026-01-15","count":113912345678901234,
             "short":"42","list":["113912345678999999"]}
            """;

        var normalized = GoldenJson.Normalize(json, "starling.test");

        Assert.Equal("""
            {
              "id": "{id:1}",
              "url": "https://{host}/@alice/{id:1}",
              "other": "{id:2}",
              "created_at": "{time:1}",
              "edited_at": "{time:1}",
              "day": "{date:1}",
              "count": 113912345678901234,
              "short": "42",
              "list": [
                "{id:2}"
              ]
            }

            """.ReplaceLineEndings("\n"), normalized);
    }

    [Fact]
    public void A_difference_fails_with_a_diff_that_shows_the_changed_line()
    {
        GoldenJson.AssertMatchesFile("""{"a":1,"b":"x","c":true}""", GoldenFile("Thing.json"), update: true);

        GoldenJson.AssertMatchesFile("""{"a":1,"b":"x","c":true}""", GoldenFile("Thing.json"), update: false);
        var error = Assert.Throws<XunitException>(() => GoldenJson.AssertMatchesFile("""{"a":1,"b":"y","c":true}""", GoldenFile("Thing.json"), update: false));

        Assert.Contains("Thing.json", error.Message);
        Assert.Contains("-    3   \"b\": \"x\",", error.Message);
        Assert.Contains("+        \"b\": \"y\",", error.Message);
        Assert.Contains(GoldenJson.UpdateVariable, error.Message);
    }

    [Fact]
    public void A_missing_golden_file_fails_and_shows_what_it_would_contain()
    {
        var error = Assert.Throws<XunitException>(() => GoldenJson.AssertMatchesFile("""{"a":1}""", GoldenFile("Missing.json"), update: false));

        Assert.Contains("Missing.json", error.Message);
        Assert.Contains("\"a\": 1", error.Message);
        Assert.False(File.Exists(GoldenFile("Missing.json")));
    }
}
