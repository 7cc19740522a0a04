using System.Text;

namespace Starling.ActivityPub.Signatures;

/// <summary>
/// The signature base of RFC 9421 §2.5: one line per covered component, then the <c>@signature-params</c> line.
/// Request components supported: <c>@method</c>, <c>@target-uri</c>, <c>@authority</c>, <c>@scheme</c>,
/// <c>@request-target</c>, <c>@path</c>, <c>@query</c>, <c>@query-param</c>, and header fields (plain or with
/// <c>;bs</c>). Anything else fails with a reason rather than being guessed at.
/// </summary>
internal static class Rfc9421SignatureBase
{
    public static bool TryBuild(ISignedMessage message, SfInnerList covered, out string signatureBase, out string? error)
    {
        var builder = new StringBuilder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var component in covered.Items)
        {
            if (component.Value is not string name)
            {
                return Fail("a covered component is not a string", out signatureBase, out error);
            }
            var identifier = StructuredFields.SerializeItem(component);
            if (!seen.Add(identifier))
            {
                return Fail($"the component {identifier} is covered twice", out signatureBase, out error);
            }
            if (!TryGetValues(message, name, component.Parameters, out var values, out error))
            {
                signatureBase = "";
                return false;
            }
            foreach (var value in values)
            {
                builder.Append(identifier).Append(": ").Append(value).Append('\n');
            }
        }
        builder.Append("\"@signature-params\": ").Append(StructuredFields.SerializeInnerList(covered));
        signatureBase = builder.ToString();
        error = null;
        return true;
    }

    private static bool TryGetValues(ISignedMessage message, string name, SfParameters parameters, out List<string> values, out string? error)
    {
        values = [];
        error = null;
        if (name.Length == 0 || name != name.ToLowerInvariant())
        {
            error = $"the component name \"{name}\" is not lowercase";
            return false;
        }
        var unsupported = parameters.Entries.Select(p => p.Key).FirstOrDefault(key => !(name == "@query-param" ? key == "name" : key == "bs"));
        if (unsupported is not null)
        {
            error = $"the component \"{name}\" has the parameter ;{unsupported}, which is not supported";
            return false;
        }
        switch (name)
        {
            case "@method":
                values.Add(message.Method);
                return true;
            case "@target-uri":
                values.Add(message.TargetUri());
                return true;
            case "@authority":
                values.Add(message.Authority);
                return true;
            case "@scheme":
                values.Add(message.Scheme);
                return true;
            case "@request-target":
                values.Add(message.PathAndQuery);
                return true;
            case "@path":
                values.Add(message.Path());
                return true;
            case "@query":
                values.Add("?" + (message.Query() ?? ""));
                return true;
            case "@query-param":
                return TryGetQueryParameter(message, parameters["name"], values, out error);
            case var derived when derived.StartsWith('@'):
                error = $"the derived component \"{derived}\" is not supported for requests";
                return false;
        }
        var fieldValues = message.GetFieldValues(name);
        if (fieldValues.Count == 0)
        {
            error = $"the signature covers the {name} header, which the request does not have";
            return false;
        }
        if (parameters["bs"] is true)
        {
            values.Add(string.Join(", ", fieldValues.Select(v => ":" + Convert.ToBase64String(Encoding.UTF8.GetBytes(v.Trim())) + ":")));
        }
        else
        {
            values.Add(string.Join(", ", fieldValues.Select(v => v.Trim())));
        }
        return true;
    }

    private static bool TryGetQueryParameter(ISignedMessage message, object? nameParameter, List<string> values, out string? error)
    {
        if (nameParameter is not string wanted)
        {
            error = "the component \"@query-param\" has no name parameter";
            return false;
        }
        foreach (var pair in (message.Query() ?? "").Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            var value = equals < 0 ? "" : pair[(equals + 1)..];
            if (Reencode(name) == wanted)
            {
                values.Add(Reencode(value));
            }
        }
        if (values.Count == 0)
        {
            error = $"the signature covers the query parameter {wanted}, which the request does not have";
            return false;
        }
        error = null;
        return true;
    }

    /// <summary>Decodes as a form would, then percent-encodes everything but letters, digits and <c>*-._</c> (§2.2.8).</summary>
    private static string Reencode(string raw)
    {
        var decoded = Uri.UnescapeDataString(raw.Replace('+', ' '));
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(decoded))
        {
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
                or (byte)'*' or (byte)'-' or (byte)'.' or (byte)'_')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }

    private static bool Fail(string reason, out string signatureBase, out string? error)
    {
        signatureBase = "";
        error = reason;
        return false;
    }
}
