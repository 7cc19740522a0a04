using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Starling.Server.Api.Infrastructure;

/// <summary>
/// The request's parameters as Mastodon reads them: the query string and the body (form, multipart or JSON) merged, the
/// body winning. Rails-style keys are understood, so <c>media_ids[]=1&amp;media_ids[]=2</c>, <c>poll[options][]=a</c> and
/// <c>fields_attributes[0][name]=x</c> read the same as their JSON forms. Booleans are read loosely (true, True, 1, on).
/// </summary>
public sealed class ApiParameters
{
    private static readonly object ItemKey = new();

    private readonly Dictionary<string, object> _values = new(StringComparer.Ordinal);

    private IFormFileCollection? _files;

    public static ApiParameters Empty { get; } = new();

    /// <summary>Reads the request once; later calls in the same request return the same parameters.</summary>
    public static async Task<ApiParameters> ReadAsync(HttpContext context)
    {
        if (context.Items[ItemKey] is ApiParameters cached)
        {
            return cached;
        }
        var parameters = new ApiParameters();
        foreach (var (key, values) in context.Request.Query)
        {
            parameters.AddField(key, values);
        }
        await parameters.ReadBodyAsync(context.Request);
        context.Items[ItemKey] = parameters;
        return parameters;
    }

    /// <summary>Builds parameters from a JSON object (a nested section, or a test's input).</summary>
    public static ApiParameters FromJson(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.BadRequest("The request body must be a JSON object");
        }
        var parameters = new ApiParameters();
        foreach (var property in json.EnumerateObject())
        {
            if (FromJsonValue(property.Value) is { } value)
            {
                parameters._values[NormalizeKey(property.Name)] = value;
            }
        }
        return parameters;
    }

    /// <summary>Builds parameters from form-style fields, in order (repeated and bracketed keys allowed).</summary>
    public static ApiParameters FromFields(IEnumerable<KeyValuePair<string, StringValues>> fields)
    {
        var parameters = new ApiParameters();
        foreach (var (key, values) in fields)
        {
            parameters.AddField(key, values);
        }
        return parameters;
    }

    public IEnumerable<string> Keys => _values.Keys;

    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>Whether the parameter was sent as a single empty value (<c>key=</c>), as forms clear a list.</summary>
    public bool IsBlank(string name) => _values.TryGetValue(name, out var value) && value is string { Length: 0 };

    /// <summary>A single value; for a repeated key the last one wins, as in Rails. Null when absent.</summary>
    public string? String(string name) => _values.TryGetValue(name, out var value) ? value switch
    {
        string text => text,
        List<object> list => list.OfType<string>().LastOrDefault(),
        _ => throw ApiException.Unprocessable($"{name} must be a single value, not an object"),
    } : null;

    /// <summary>A list of values: from <c>key[]=</c>, a repeated key, a JSON array, a single value, or an index-keyed object.</summary>
    public IReadOnlyList<string> Strings(string name) => !_values.TryGetValue(name, out var value) ? [] : value switch
    {
        string text => [text],
        List<object> list => list.Select(item => item as string
            ?? throw ApiException.Unprocessable($"{name} must be a list of values")).ToList(),
        ApiParameters section => section.IndexedValues().Select(item => item as string
            ?? throw ApiException.Unprocessable($"{name} must be a list of values")).ToList(),
        _ => [],
    };

    /// <summary>A nested object such as <c>poll</c> or <c>source</c>; null when absent.</summary>
    public ApiParameters? Section(string name) => _values.TryGetValue(name, out var value) ? value switch
    {
        ApiParameters section => section,
        _ => throw ApiException.Unprocessable($"{name} must be an object"),
    } : null;

    /// <summary>A list of objects, from a JSON array or Rails' <c>key[0][field]=</c> form (ordered by index).</summary>
    public IReadOnlyList<ApiParameters> Sections(string name) => !_values.TryGetValue(name, out var value) ? [] : value switch
    {
        List<object> list => list.Select(item => item as ApiParameters
            ?? throw ApiException.Unprocessable($"{name} must be a list of objects")).ToList(),
        ApiParameters section => section.IndexedValues().Select(item => item as ApiParameters
            ?? throw ApiException.Unprocessable($"{name} must be a list of objects")).ToList(),
        _ => throw ApiException.Unprocessable($"{name} must be a list of objects"),
    };

    /// <summary>Rails' boolean: empty is absent; false, f, 0, off, no (any case) are false; anything else is true.</summary>
    public bool? Bool(string name) => String(name) is { } text ? ParseBool(text) : null;

    public bool Bool(string name, bool fallback) => Bool(name) ?? fallback;

    public static bool? ParseBool(string text)
    {
        var value = text.Trim();
        if (value.Length == 0)
        {
            return null;
        }
        return !(value.Equals("false", StringComparison.OrdinalIgnoreCase) || value.Equals("f", StringComparison.OrdinalIgnoreCase)
            || value == "0" || value.Equals("off", StringComparison.OrdinalIgnoreCase) || value.Equals("no", StringComparison.OrdinalIgnoreCase));
    }

    public int? Int(string name)
    {
        var text = String(name)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiException.Unprocessable($"{name} must be a whole number");
    }

    /// <summary>An id (Mastodon ids are strings of digits); empty is absent.</summary>
    public long? Id(string name)
    {
        var text = String(name)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiException.Unprocessable($"{name} must be an id");
    }

    public IFormFile? File(string name) => _files?.GetFile(name);

    /// <summary>The parameters as form fields (nested keys written Rails-style), for handing a body on to a form reader.</summary>
    public IEnumerable<KeyValuePair<string, string>> ToFormFields(string prefix = "")
    {
        foreach (var (key, value) in _values)
        {
            var name = prefix.Length == 0 ? key : $"{prefix}[{key}]";
            foreach (var field in Flatten(name, value))
            {
                yield return field;
            }
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> Flatten(string name, object value) => value switch
    {
        string text => [KeyValuePair.Create(name, text)],
        List<object> list => list.SelectMany(item => Flatten(name + "[]", item)),
        ApiParameters section => section.ToFormFields(name),
        _ => [],
    };

    private async Task ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength == 0 || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            return;
        }
        if (request.HasFormContentType && MediaTypeHeaderValue.TryParse(request.ContentType, out var formType)
            && formType.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            await ReadUrlEncodedInOrderAsync(request, formType.Encoding ?? Encoding.UTF8);
            return;
        }
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            }
            catch (InvalidDataException problem)
            {
                throw ApiException.BadRequest("The form body could not be read: " + problem.Message);
            }
            foreach (var (key, values) in form)
            {
                AddField(key, values);
            }
            _files = form.Files.Count > 0 ? form.Files : null;
            return;
        }
        if (request.ContentType is { } type && (type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) || type.Contains("+json", StringComparison.OrdinalIgnoreCase)))
        {
            JsonDocument document;
            try
            {
                document = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            }
            catch (JsonException problem)
            {
                throw new ApiException(StatusCodes.Status400BadRequest, "The request body is not valid JSON", problem.Message);
            }
            using (document)
            {
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var (key, value) in FromJson(document.RootElement)._values)
                    {
                        _values[key] = value;
                    }
                }
                else if (document.RootElement.ValueKind != JsonValueKind.Null)
                {
                    throw ApiException.BadRequest("The request body must be a JSON object");
                }
            }
        }
    }

    /// <summary>
    /// Reads a form body pair by pair. ASP.NET Core's form collection groups values by key, which loses how Rails-style
    /// lists of objects interleave (<c>a[][k]=x&amp;a[][w]=1&amp;a[][k]=y</c> must give {k:x, w:1} then {k:y}). The pairs
    /// are also kept as the request's form, for any reader after this one.
    /// </summary>
    private async Task ReadUrlEncodedInOrderAsync(HttpRequest request, Encoding encoding)
    {
        var fields = new Dictionary<string, StringValues>(StringComparer.OrdinalIgnoreCase);
        using var reader = new FormReader(request.Body, encoding);
        try
        {
            while (await reader.ReadNextPairAsync(request.HttpContext.RequestAborted) is { } pair)
            {
                AddField(pair.Key, pair.Value);
                fields[pair.Key] = StringValues.Concat(fields.GetValueOrDefault(pair.Key), pair.Value);
            }
        }
        catch (InvalidDataException problem)
        {
            throw ApiException.BadRequest("The form body could not be read: " + problem.Message);
        }
        request.HttpContext.Features.Set<IFormFeature>(new FormFeature(new FormCollection(fields)));
    }

    private void AddField(string key, StringValues values)
    {
        var path = ParseKey(key);
        if (path.Count == 0)
        {
            return;
        }
        foreach (var value in values)
        {
            Assign(path, 0, value ?? "");
        }
    }

    /// <summary>"poll[options][]" becomes ["poll", "options", ""]; an empty segment means "append to a list".</summary>
    private static List<string> ParseKey(string key)
    {
        var segments = new List<string>();
        var open = key.IndexOf('[');
        if (open < 0)
        {
            if (key.Length > 0)
            {
                segments.Add(key);
            }
            return segments;
        }
        if (open == 0)
        {
            return segments;
        }
        segments.Add(key[..open]);
        var position = open;
        while (position < key.Length && key[position] == '[')
        {
            var close = key.IndexOf(']', position);
            if (close < 0)
            {
                // "a[b" is not a nested key: treat the rest literally, as Rack does.
                segments[^1] += key[position..];
                break;
            }
            segments.Add(key[(position + 1)..close]);
            position = close + 1;
        }
        return segments;
    }

    private void Assign(List<string> path, int index, string value)
    {
        var key = path[index];
        var last = index == path.Count - 1;
        var appendNext = !last && path[index + 1].Length == 0;
        if (last)
        {
            if (_values.TryGetValue(key, out var existing))
            {
                // A repeated plain key: keep every value so a list reader sees them all, a single reader the last.
                if (existing is List<object> list)
                {
                    list.Add(value);
                }
                else
                {
                    _values[key] = new List<object> { existing, value };
                }
            }
            else
            {
                _values[key] = value;
            }
            return;
        }
        if (appendNext)
        {
            if (!_values.TryGetValue(key, out var existing) || existing is not List<object> list)
            {
                list = existing is null ? [] : [existing];
                _values[key] = list;
            }
            if (index + 1 == path.Count - 1)
            {
                list.Add(value);
            }
            else
            {
                // "a[][b]=1": a list of objects; a new object starts when the current one already has this field.
                var child = list.LastOrDefault() as ApiParameters;
                var field = path[index + 2];
                if (child is null || (field.Length > 0 && child.Has(field)))
                {
                    child = new ApiParameters();
                    list.Add(child);
                }
                child.Assign(path, index + 2, value);
            }
            return;
        }
        if (!_values.TryGetValue(key, out var node) || node is not ApiParameters section)
        {
            section = new ApiParameters();
            _values[key] = section;
        }
        section.Assign(path, index + 1, value);
    }

    /// <summary>The values of an index-keyed object ("0", "1", ...) in index order; other keys after, in their order.</summary>
    private IEnumerable<object> IndexedValues() =>
        _values.OrderBy(pair => long.TryParse(pair.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue)
            .Select(pair => pair.Value);

    private static object? FromJsonValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Array => value.EnumerateArray().Select(FromJsonValue).OfType<object>().ToList(),
        JsonValueKind.Object => FromJson(value),
        _ => null,
    };

    /// <summary>A JSON key may itself be written Rails-style ("media_ids[]"); it names the same parameter.</summary>
    private static string NormalizeKey(string key) => key.EndsWith("[]", StringComparison.Ordinal) ? key[..^2] : key;

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var (key, value) in ToFormFields())
        {
            text.Append(text.Length == 0 ? "" : "&").Append(key).Append('=').Append(value);
        }
        return text.ToString();
    }
}
