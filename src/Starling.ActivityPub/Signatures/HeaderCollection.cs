namespace Starling.ActivityPub.Signatures;

/// <summary>
/// Reads a request's header fields by name, ignoring case. A field sent on several lines gives several values; a
/// missing field gives none. The server adapts its own header type to this; <see cref="HeaderCollection"/> is a
/// ready-made one.
/// </summary>
public interface IHeaderLookup
{
    IReadOnlyList<string> GetValues(string name);
}

/// <summary>A plain case-insensitive, multi-valued header list.</summary>
public sealed class HeaderCollection : IHeaderLookup, IEnumerable<KeyValuePair<string, string>>
{
    private readonly Dictionary<string, List<string>> fields = new(StringComparer.OrdinalIgnoreCase);

    public HeaderCollection()
    {
    }

    public HeaderCollection(IEnumerable<KeyValuePair<string, string>> headers)
    {
        foreach (var (name, value) in headers)
        {
            Add(name, value);
        }
    }

    /// <summary>Adds one more value (one more line) of a field.</summary>
    public HeaderCollection Add(string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        if (!fields.TryGetValue(name, out var values))
        {
            values = [];
            fields[name] = values;
        }
        values.Add(value);
        return this;
    }

    /// <summary>Replaces every value of a field.</summary>
    public HeaderCollection Set(string name, string value)
    {
        fields.Remove(name);
        return Add(name, value);
    }

    public HeaderCollection Remove(string name)
    {
        fields.Remove(name);
        return this;
    }

    public IReadOnlyList<string> GetValues(string name) => fields.TryGetValue(name, out var values) ? values : [];

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() =>
        fields.SelectMany(field => field.Value.Select(value => new KeyValuePair<string, string>(field.Key, value))).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
