using System.Text;
using System.Text.Json.Nodes;
using Starling.ActivityPub.Json;
using Starling.ActivityPub.Vocabulary;

namespace Starling.ActivityPub.Tests.Json;

public sealed class MalformedInputTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{")]
    [InlineData("{\"type\":\"Note\",}")]
    [InlineData("{'type':'Note'}")]
    [InlineData("{\"type\":\"Note\"} {}")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("[{\"type\":\"Note\"}]")]
    [InlineData("\"https://a.example/notes/1\"")]
    [InlineData("42")]
    [InlineData("{\"type\":\"Note\" /* comment */}")]
    public void Text_that_is_not_a_json_object_is_rejected(string json)
    {
        Assert.Throws<ActivityStreamsFormatException>(() => ActivityStreamsJson.Deserialize(json));
    }

    [Theory]
    [InlineData("""{"type":5}""")]
    [InlineData("""{"type":[5]}""")]
    [InlineData("""{"type":"Person","inbox":5}""")]
    [InlineData("""{"type":"Person","publicKey":"https://a.example#key"}""")]
    [InlineData("""{"type":"Person","manuallyApprovesFollowers":"yes"}""")]
    [InlineData("""{"type":"Note","sensitive":1}""")]
    [InlineData("""{"type":"Note","to":5}""")]
    [InlineData("""{"type":"Note","tag":5}""")]
    [InlineData("""{"type":"Note","content":{"en":"x"}}""")]
    [InlineData("""{"type":"Note","contentMap":["x"]}""")]
    [InlineData("""{"type":"Note","published":1732060800}""")]
    [InlineData("""{"type":"Document","width":1.5}""")]
    [InlineData("""{"type":"Document","focalPoint":"center"}""")]
    [InlineData("""{"type":"Collection","totalItems":{}}""")]
    [InlineData("""{"type":"Link","rel":[1]}""")]
    [InlineData("""{"type":"Create","object":true}""")]
    public void A_known_property_of_the_wrong_kind_is_rejected(string json)
    {
        Assert.Throws<ActivityStreamsFormatException>(() => ActivityStreamsJson.Deserialize(json));
    }

    [Fact]
    public void Deep_nesting_is_rejected_with_a_message_naming_the_depth()
    {
        var nestedActivities = new StringBuilder();
        for (var i = 0; i < 100; i++)
        {
            nestedActivities.Append("{\"type\":\"Announce\",\"object\":");
        }

        nestedActivities.Append("\"https://a.example/notes/1\"").Append('}', 100);
        var nestedArrays = "{\"type\":\"Note\",\"extra\":" + new string('[', 100) + new string(']', 100) + "}";

        foreach (var json in new[] { nestedActivities.ToString(), nestedArrays })
        {
            var error = Assert.Throws<ActivityStreamsFormatException>(() => ActivityStreamsJson.Deserialize(json));
            Assert.Contains("depth", error.Message);
        }
    }

    [Fact]
    public void Nesting_within_the_limit_is_read()
    {
        var json = new StringBuilder();
        for (var i = 0; i < ActivityStreamsJson.MaxDepth - 1; i++)
        {
            json.Append("{\"type\":\"Announce\",\"object\":");
        }

        json.Append("\"https://a.example/notes/1\"").Append('}', ActivityStreamsJson.MaxDepth - 1);

        var outer = ActivityStreamsJson.Deserialize<Announce>(json.ToString());
        Assert.IsType<Announce>(outer.Object?.Object);
    }

    [Fact]
    public void Invalid_utf8_is_rejected()
    {
        byte[] json = [.. "{\"type\":\"Note\",\"content\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        Assert.Throws<ActivityStreamsFormatException>(() => ActivityStreamsJson.Deserialize(json));
    }

    [Fact]
    public async Task A_stream_of_bad_json_is_rejected_the_same_way()
    {
        using var stream = new MemoryStream("{\"type\":"u8.ToArray());

        await Assert.ThrowsAsync<ActivityStreamsFormatException>(() => ActivityStreamsJson.DeserializeAsync(stream));
    }

    [Fact]
    public void Every_cut_of_every_fixture_either_reads_or_throws_the_documented_exception()
    {
        foreach (var path in FixturePaths())
        {
            var bytes = File.ReadAllBytes(path);
            for (var length = 0; length < bytes.Length; length += 3)
            {
                ReadsOrThrowsFormatException(bytes.AsSpan(0, length).ToArray(), $"{Path.GetFileName(path)} cut at {length}");
            }
        }
    }

    [Fact]
    public void Every_property_of_every_fixture_given_another_kind_of_value_reads_or_throws_the_documented_exception()
    {
        JsonNode?[] replacements = [null, 0, -1.5, true, "", "x", new JsonArray(), new JsonArray(1, "a", null), new JsonObject(), new JsonObject { ["type"] = 3 }];
        foreach (var path in FixturePaths())
        {
            var original = JsonNode.Parse(File.ReadAllText(path))!;
            foreach (var pointer in PropertyPaths(original, []))
            {
                foreach (var replacement in replacements)
                {
                    var mutated = original.DeepClone();
                    var parent = pointer[..^1].Aggregate(mutated, (node, key) => node[key]!);
                    parent[pointer[^1]] = replacement?.DeepClone();
                    ReadsOrThrowsFormatException(Encoding.UTF8.GetBytes(mutated.ToJsonString()), $"{Path.GetFileName(path)} {string.Join('.', pointer)}");
                }
            }
        }
    }

    private static IEnumerable<string> FixturePaths() =>
        Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), "*.json", SearchOption.AllDirectories);

    private static IEnumerable<string[]> PropertyPaths(JsonNode node, string[] prefix)
    {
        if (node is not JsonObject obj)
        {
            yield break;
        }

        foreach (var (key, value) in obj)
        {
            string[] path = [.. prefix, key];
            yield return path;
            if (value is not null)
            {
                foreach (var inner in PropertyPaths(value, path))
                {
                    yield return inner;
                }
            }
        }
    }

    private static void ReadsOrThrowsFormatException(byte[] json, string what)
    {
        try
        {
            ActivityStreamsJson.Deserialize(json);
        }
        catch (ActivityStreamsFormatException)
        {
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: {e.GetType().Name}: {e.Message}");
        }
    }
}
