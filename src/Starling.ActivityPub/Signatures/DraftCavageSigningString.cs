using System.Text;

namespace Starling.ActivityPub.Signatures;

/// <summary>
/// The string a draft-cavage signature signs: one <c>name: value</c> line per entry of its <c>headers</c> list.
/// </summary>
internal static class DraftCavageSigningString
{
    public const string RequestTarget = "(request-target)";
    public const string Created = "(created)";
    public const string Expires = "(expires)";

    public static bool TryBuild(
        ISignedMessage message,
        IReadOnlyList<string> headers,
        string? created,
        string? expires,
        bool includeQuery,
        out string signingString,
        out string? error)
    {
        var builder = new StringBuilder();
        foreach (var name in headers)
        {
            if (builder.Length > 0)
            {
                builder.Append('\n');
            }
            switch (name)
            {
                case RequestTarget:
                    var target = includeQuery ? message.PathAndQuery : message.Path();
                    builder.Append(RequestTarget).Append(": ").Append(message.Method.ToLowerInvariant()).Append(' ').Append(target);
                    break;
                case Created or Expires:
                    var value = name == Created ? created : expires;
                    if (value is null)
                    {
                        signingString = "";
                        error = $"the signature covers {name} but has no {name.Trim('(', ')')} parameter";
                        return false;
                    }
                    builder.Append(name).Append(": ").Append(value);
                    break;
                default:
                    var values = message.GetFieldValues(name);
                    if (values.Count == 0)
                    {
                        signingString = "";
                        error = $"the signature covers the {name} header, which the request does not have";
                        return false;
                    }
                    builder.Append(name).Append(": ").AppendJoin(", ", values.Select(v => v.Trim()));
                    break;
            }
        }
        signingString = builder.ToString();
        error = null;
        return true;
    }
}
