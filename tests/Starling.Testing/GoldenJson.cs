using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit.Sdk;

namespace Starling.Testing;

/// <summary>
/// Golden-file checks for JSON a client would receive. Ids, times and the server's host change from run to run, so
/// they are replaced by numbered placeholders before comparing: the first id met becomes <c>{id:1}</c> wherever it
/// appears (also inside URLs), so the file still shows which object points at which. Golden files live in a
/// <c>Golden</c> folder beside the test's source file; run with <c>STARLING_UPDATE_GOLDEN=1</c> to rewrite them.
/// </summary>
public static partial class GoldenJson
{
    public const string UpdateVariable = "STARLING_UPDATE_GOLDEN";

    private static readonly JsonSerializerOptions Output = new()
    {
        WriteIndented = true,
        // Golden files are read by people: keep HTML and non-ASCII text as written.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The JSON with its ids, times, dates and the given hosts replaced by placeholders, indented.</summary>
    public static string Normalize(string json, params string[] hosts)
    {
        var node = JsonNode.Parse(json);
        var names = new Placeholders();
        var normalized = Walk(node, names, hosts);
        return (normalized?.ToJsonString(Output) ?? "null").ReplaceLineEndings("\n") + "\n";
    }

    /// <summary>
    /// Compares the normalized JSON with <c>Golden/<paramref name="fileName"/></c> beside the calling test file, failing
    /// with a line diff; with <see cref="UpdateVariable"/> set to 1 it writes the file instead.
    /// </summary>
    public static void AssertMatches(string json, string fileName, string[]? hosts = null, [CallerFilePath] string callerFile = "") =>
        AssertMatchesFile(json, Path.Combine(Path.GetDirectoryName(callerFile) ?? ".", "Golden", fileName),
            Environment.GetEnvironmentVariable(UpdateVariable) == "1", hosts ?? []);

    /// <summary>Compares with (or, when <paramref name="update"/> is set, writes) the golden file at <paramref name="path"/>.</summary>
    public static void AssertMatchesFile(string json, string path, bool update, params string[] hosts)
    {
        var actual = Normalize(json, hosts);
        var fileName = Path.GetFileName(path);
        if (update)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }
        if (!File.Exists(path))
        {
            throw new XunitException($"Golden file {fileName} does not exist. Run the test with {UpdateVariable}=1 to create it; it would contain:\n{actual}");
        }
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected != actual)
        {
            throw new XunitException($"JSON differs from golden file {fileName} (- golden, + actual). If the change is intended, " +
                $"run the test with {UpdateVariable}=1 and review the file's diff.\n{LineDiff.Describe(expected, actual)}");
        }
    }

    private static JsonNode? Walk(JsonNode? node, Placeholders names, string[] hosts) => node switch
    {
        JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Walk(p.Value, names, hosts)))),
        JsonArray array => new JsonArray(array.Select(item => Walk(item, names, hosts)).ToArray()),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => JsonValue.Create(Replace(value.GetValue<string>(), names, hosts)),
        _ => node?.DeepClone(),
    };

    private static string Replace(string text, Placeholders names, string[] hosts)
    {
        if (TimePattern().IsMatch(text))
        {
            return names.For("time", text);
        }
        if (DatePattern().IsMatch(text))
        {
            return names.For("date", text);
        }
        foreach (var host in hosts.Where(h => h.Length > 0))
        {
            text = text.Replace(host, "{host}", StringComparison.OrdinalIgnoreCase);
        }
        return IdPattern().Replace(text, match => names.For("id", match.Value));
    }

    /// <summary>Time-ordered ids have 15 to 19 digits; counts and UNIX days are shorter.</summary>
    [GeneratedRegex(@"(?<![0-9])[0-9]{15,19}(?![0-9])")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DatePattern();

    private sealed class Placeholders
    {
        private readonly Dictionary<(string Kind, string Value), string> _names = [];
        private readonly Dictionary<string, int> _counts = [];

        public string For(string kind, string value)
        {
            if (!_names.TryGetValue((kind, value), out var name))
            {
                var number = _counts[kind] = _counts.GetValueOrDefault(kind) + 1;
                _names[(kind, value)] = name = $"{{{kind}:{number}}}";
            }
            return name;
        }
    }
}

/// <summary>A unified-style line diff, small enough for golden files of a few hundred lines.</summary>
public static class LineDiff
{
    public static string Describe(string expected, string actual, int context = 3)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        // Longest common subsequence table, filled from the end so the walk below reads forwards.
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }
        var lines = new List<(char Mark, string Text, int Line)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                lines.Add((' ', a[x], x + 1));
                x++;
                y++;
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                lines.Add(('-', a[x], x + 1));
                x++;
            }
            else
            {
                lines.Add(('+', b[y], y + 1));
                y++;
            }
        }
        var output = new StringBuilder();
        var lastShown = -1;
        for (var k = 0; k < lines.Count; k++)
        {
            var near = Enumerable.Range(Math.Max(0, k - context), Math.Min(lines.Count, k + context + 1) - Math.Max(0, k - context))
                .Any(n => lines[n].Mark != ' ');
            if (!near)
            {
                continue;
            }
            if (lastShown >= 0 && k > lastShown + 1)
            {
                output.AppendLine("...");
            }
            var (mark, text, line) = lines[k];
            output.Append(mark).Append(' ').Append(mark == '+' ? "     " : $"{line,4} ").AppendLine(text);
            lastShown = k;
        }
        return output.ToString();
    }
}
