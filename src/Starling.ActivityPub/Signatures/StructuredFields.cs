using System.Globalization;
using System.Text;

namespace Starling.ActivityPub.Signatures;

/// <summary>A token bare item (RFC 8941 §3.3.4), kept apart from strings because they serialize differently.</summary>
internal readonly record struct SfToken(string Value);

/// <summary>Parameters of an item or inner list, in the order they were given.</summary>
internal sealed class SfParameters
{
    private readonly List<KeyValuePair<string, object>> entries = [];

    public static SfParameters Empty => new();

    public IReadOnlyList<KeyValuePair<string, object>> Entries => entries;

    public object? this[string key] => entries.FirstOrDefault(entry => entry.Key == key).Value;

    public void Set(string key, object value)
    {
        var index = entries.FindIndex(entry => entry.Key == key);
        if (index >= 0)
        {
            entries[index] = new(key, value);
        }
        else
        {
            entries.Add(new(key, value));
        }
    }
}

/// <summary>An item: a bare value (long, decimal, string, <see cref="SfToken"/>, byte[] or bool) with parameters.</summary>
internal sealed record SfItem(object Value, SfParameters Parameters);

internal sealed record SfInnerList(IReadOnlyList<SfItem> Items, SfParameters Parameters);

/// <summary>
/// Structured field values (RFC 8941): the parts RFC 9421 and RFC 9530 need, which are dictionaries whose members are
/// items or inner lists. Parsing follows the RFC's algorithms and fails on anything they reject.
/// </summary>
internal static class StructuredFields
{
    public static bool TryParseDictionary(string input, out List<KeyValuePair<string, object>> dictionary, out string? error)
    {
        dictionary = [];
        var parser = new Parser(input);
        try
        {
            dictionary = parser.ParseDictionary();
            error = null;
            return true;
        }
        catch (FormatException exception)
        {
            error = exception.Message;
            return false;
        }
    }

    public static string SerializeInnerList(SfInnerList list)
    {
        var builder = new StringBuilder("(");
        for (var i = 0; i < list.Items.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }
            AppendItem(builder, list.Items[i]);
        }
        builder.Append(')');
        AppendParameters(builder, list.Parameters);
        return builder.ToString();
    }

    public static string SerializeItem(SfItem item)
    {
        var builder = new StringBuilder();
        AppendItem(builder, item);
        return builder.ToString();
    }

    public static string SerializeString(string value)
    {
        var builder = new StringBuilder();
        AppendBareItem(builder, value);
        return builder.ToString();
    }

    private static void AppendItem(StringBuilder builder, SfItem item)
    {
        AppendBareItem(builder, item.Value);
        AppendParameters(builder, item.Parameters);
    }

    private static void AppendParameters(StringBuilder builder, SfParameters parameters)
    {
        foreach (var (key, value) in parameters.Entries)
        {
            builder.Append(';').Append(key);
            if (value is not true)
            {
                builder.Append('=');
                AppendBareItem(builder, value);
            }
        }
    }

    private static void AppendBareItem(StringBuilder builder, object value)
    {
        switch (value)
        {
            case long integer:
                builder.Append(integer.ToString(CultureInfo.InvariantCulture));
                break;
            case decimal number:
                builder.Append(Math.Round(number, 3, MidpointRounding.ToEven).ToString("0.0##", CultureInfo.InvariantCulture));
                break;
            case string text:
                builder.Append('"');
                foreach (var c in text)
                {
                    if (c is < ' ' or > '~')
                    {
                        throw new ArgumentException("A structured-field string holds printable ASCII only.", nameof(value));
                    }
                    if (c is '"' or '\\')
                    {
                        builder.Append('\\');
                    }
                    builder.Append(c);
                }
                builder.Append('"');
                break;
            case SfToken token:
                builder.Append(token.Value);
                break;
            case byte[] bytes:
                builder.Append(':').Append(Convert.ToBase64String(bytes)).Append(':');
                break;
            case bool flag:
                builder.Append(flag ? "?1" : "?0");
                break;
            default:
                throw new ArgumentException($"Not a structured-field bare item: {value.GetType().Name}.", nameof(value));
        }
    }

    private sealed class Parser(string input)
    {
        private int position;

        private bool AtEnd => position >= input.Length;

        private char Peek => input[position];

        public List<KeyValuePair<string, object>> ParseDictionary()
        {
            SkipSpaces();
            var members = new List<KeyValuePair<string, object>>();
            while (!AtEnd)
            {
                var key = ParseKey();
                object member;
                if (!AtEnd && Peek == '=')
                {
                    position++;
                    member = ParseItemOrInnerList();
                }
                else
                {
                    member = new SfItem(true, ParseParameters());
                }
                var index = members.FindIndex(entry => entry.Key == key);
                if (index >= 0)
                {
                    members[index] = new(key, member);
                }
                else
                {
                    members.Add(new(key, member));
                }
                SkipOptionalWhitespace();
                if (AtEnd)
                {
                    return members;
                }
                Expect(',');
                SkipOptionalWhitespace();
                if (AtEnd)
                {
                    throw Fail("a trailing comma");
                }
            }
            return members;
        }

        private object ParseItemOrInnerList() => !AtEnd && Peek == '(' ? ParseInnerList() : ParseItem();

        private SfInnerList ParseInnerList()
        {
            Expect('(');
            var items = new List<SfItem>();
            while (!AtEnd)
            {
                SkipSpaces();
                if (AtEnd)
                {
                    break;
                }
                if (Peek == ')')
                {
                    position++;
                    return new SfInnerList(items, ParseParameters());
                }
                items.Add(ParseItem());
                if (AtEnd || (Peek != ' ' && Peek != ')'))
                {
                    throw Fail("an inner list item not followed by a space or ')'");
                }
            }
            throw Fail("an inner list without its closing ')'");
        }

        private SfItem ParseItem()
        {
            var value = ParseBareItem();
            return new SfItem(value, ParseParameters());
        }

        private object ParseBareItem()
        {
            if (AtEnd)
            {
                throw Fail("a missing value");
            }
            var c = Peek;
            return c switch
            {
                '-' or (>= '0' and <= '9') => ParseNumber(),
                '"' => ParseString(),
                ':' => ParseByteSequence(),
                '?' => ParseBoolean(),
                '*' or (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') => ParseToken(),
                _ => throw Fail($"an unexpected character '{c}'"),
            };
        }

        private SfParameters ParseParameters()
        {
            var parameters = new SfParameters();
            while (!AtEnd && Peek == ';')
            {
                position++;
                SkipSpaces();
                var key = ParseKey();
                object value = true;
                if (!AtEnd && Peek == '=')
                {
                    position++;
                    value = ParseBareItem();
                }
                parameters.Set(key, value);
            }
            return parameters;
        }

        private string ParseKey()
        {
            if (AtEnd || !(Peek == '*' || Peek is >= 'a' and <= 'z'))
            {
                throw Fail("a key that does not start with a lowercase letter or '*'");
            }
            var start = position;
            while (!AtEnd && (Peek is >= 'a' and <= 'z' or >= '0' and <= '9' or '_' or '-' or '.' or '*'))
            {
                position++;
            }
            return input[start..position];
        }

        private object ParseNumber()
        {
            var start = position;
            var negative = Peek == '-';
            if (negative)
            {
                position++;
            }
            if (AtEnd || Peek is < '0' or > '9')
            {
                throw Fail("a number without digits");
            }
            var isDecimal = false;
            var digitsBeforePoint = 0;
            while (!AtEnd)
            {
                var c = Peek;
                if (c is >= '0' and <= '9')
                {
                    position++;
                }
                else if (c == '.' && !isDecimal)
                {
                    digitsBeforePoint = position - start - (negative ? 1 : 0);
                    if (digitsBeforePoint > 12)
                    {
                        throw Fail("a decimal with more than 12 integer digits");
                    }
                    isDecimal = true;
                    position++;
                }
                else
                {
                    break;
                }
                var length = position - start - (negative ? 1 : 0);
                if ((!isDecimal && length > 15) || (isDecimal && length > 16))
                {
                    throw Fail("a number that is too long");
                }
            }
            var text = input[start..position];
            if (!isDecimal)
            {
                return long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            }
            if (text.EndsWith('.'))
            {
                throw Fail("a decimal ending in '.'");
            }
            var fractionDigits = text.Length - text.IndexOf('.') - 1;
            if (fractionDigits > 3)
            {
                throw Fail("a decimal with more than 3 fraction digits");
            }
            return decimal.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        }

        private string ParseString()
        {
            Expect('"');
            var builder = new StringBuilder();
            while (!AtEnd)
            {
                var c = input[position++];
                if (c == '\\')
                {
                    if (AtEnd || (Peek != '"' && Peek != '\\'))
                    {
                        throw Fail("a string with an invalid escape");
                    }
                    builder.Append(input[position++]);
                }
                else if (c == '"')
                {
                    return builder.ToString();
                }
                else if (c is < ' ' or > '~')
                {
                    throw Fail("a string with a non-printable character");
                }
                else
                {
                    builder.Append(c);
                }
            }
            throw Fail("a string without its closing quote");
        }

        private SfToken ParseToken()
        {
            var start = position;
            position++;
            while (!AtEnd && (IsTokenChar(Peek) || Peek is ':' or '/'))
            {
                position++;
            }
            return new SfToken(input[start..position]);
        }

        private byte[] ParseByteSequence()
        {
            Expect(':');
            var end = input.IndexOf(':', position);
            if (end < 0)
            {
                throw Fail("a byte sequence without its closing ':'");
            }
            var encoded = input[position..end];
            position = end + 1;
            foreach (var c in encoded)
            {
                if (!(c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '+' or '/' or '='))
                {
                    throw Fail("a byte sequence that is not base64");
                }
            }
            // Senders that drop base64 padding are tolerated, as the RFC advises.
            var padded = encoded.TrimEnd('=');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var buffer = new byte[padded.Length / 4 * 3];
            if (padded.Length % 4 == 1 || !Convert.TryFromBase64String(padded, buffer, out var written))
            {
                throw Fail("a byte sequence that is not base64");
            }
            return buffer[..written];
        }

        private bool ParseBoolean()
        {
            Expect('?');
            if (AtEnd || (Peek != '0' && Peek != '1'))
            {
                throw Fail("a boolean that is neither ?0 nor ?1");
            }
            return input[position++] == '1';
        }

        private static bool IsTokenChar(char c) =>
            c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'
                or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';

        private void Expect(char expected)
        {
            if (AtEnd || Peek != expected)
            {
                throw Fail($"a missing '{expected}'");
            }
            position++;
        }

        private void SkipSpaces()
        {
            while (!AtEnd && Peek == ' ')
            {
                position++;
            }
        }

        private void SkipOptionalWhitespace()
        {
            while (!AtEnd && Peek is ' ' or '\t')
            {
                position++;
            }
        }

        private FormatException Fail(string what) =>
            new($"it has {what} at character {position + 1}");
    }
}
