using System.Text;

namespace Starling.ActivityPub.Signatures;

/// <summary>
/// Reads the parameter list of a draft-cavage <c>Signature</c> header: <c>name="quoted value"</c> or
/// <c>name=token</c> pairs separated by commas. Parameter names are matched without regard to case, since senders
/// disagree on <c>keyId</c>'s spelling.
/// </summary>
internal static class DraftCavageSignatureHeader
{
    public static bool TryParse(string value, out Dictionary<string, string> parameters, out string? error)
    {
        parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var position = 0;
        while (true)
        {
            while (position < value.Length && (value[position] is ' ' or '\t' or ','))
            {
                position++;
            }
            if (position >= value.Length)
            {
                break;
            }
            var nameStart = position;
            while (position < value.Length && (char.IsAsciiLetterOrDigit(value[position]) || value[position] is '-' or '_'))
            {
                position++;
            }
            var name = value[nameStart..position];
            if (name.Length == 0)
            {
                error = $"unexpected '{value[position]}' at character {position + 1}";
                return false;
            }
            SkipSpaces(value, ref position);
            if (position >= value.Length || value[position] != '=')
            {
                error = $"the parameter {name} has no value";
                return false;
            }
            position++;
            SkipSpaces(value, ref position);
            string parameter;
            if (position < value.Length && value[position] == '"')
            {
                position++;
                var builder = new StringBuilder();
                var closed = false;
                while (position < value.Length)
                {
                    var c = value[position++];
                    if (c == '\\' && position < value.Length)
                    {
                        builder.Append(value[position++]);
                    }
                    else if (c == '"')
                    {
                        closed = true;
                        break;
                    }
                    else
                    {
                        builder.Append(c);
                    }
                }
                if (!closed)
                {
                    error = $"the value of {name} has no closing quote";
                    return false;
                }
                parameter = builder.ToString();
            }
            else
            {
                var start = position;
                while (position < value.Length && value[position] is not (',' or ' ' or '\t'))
                {
                    position++;
                }
                parameter = value[start..position];
            }
            if (!parameters.TryAdd(name, parameter))
            {
                error = $"the parameter {name} appears twice";
                return false;
            }
            SkipSpaces(value, ref position);
            if (position < value.Length && value[position] != ',')
            {
                error = $"unexpected '{value[position]}' after the parameter {name}";
                return false;
            }
        }
        if (parameters.Count == 0)
        {
            error = "it has no parameters";
            return false;
        }
        error = null;
        return true;
    }

    private static void SkipSpaces(string value, ref int position)
    {
        while (position < value.Length && value[position] is ' ' or '\t')
        {
            position++;
        }
    }
}
