using Microsoft.Extensions.Options;
using Starling.Server.Data.Entities;

namespace Starling.Server.Options;

/// <summary>
/// One entry of <c>Starling:Federation:DomainBlocks</c>: a block applied at start, added or brought to these values.
/// Blocks made in the admin page, and blocks later dropped from this list, are left alone.
/// </summary>
public sealed class DomainBlockOptions
{
    public const string Section = "Starling:Federation:DomainBlocks";

    /// <summary>The server's name (example.com); the block also covers every name below it.</summary>
    public string Domain { get; set; } = "";

    /// <summary>none, silence or suspend; silence when left out, as in the admin page.</summary>
    public DomainBlockSeverity Severity { get; set; } = DomainBlockSeverity.Silence;

    public bool RejectMedia { get; set; }

    public bool RejectReports { get; set; }

    /// <summary>Why, shown in the public list of moderated servers.</summary>
    public string? PublicComment { get; set; }
}

/// <summary>The <c>Starling:Federation:DomainBlocks</c> list as a whole, as the options system holds it.</summary>
public sealed class ConfiguredDomainBlocks
{
    public List<DomainBlockOptions> Blocks { get; set; } = [];

    /// <summary>Values that could not be read, each naming its key; the validator reports them.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>
    /// Reads the list entry by entry. The configuration binder silently skips a list entry it cannot convert, so a typo
    /// in a severity would drop the block without a word; here it stops the start instead.
    /// </summary>
    public static ConfiguredDomainBlocks Read(IConfiguration configuration)
    {
        var result = new ConfiguredDomainBlocks();
        foreach (var entry in configuration.GetSection(DomainBlockOptions.Section).GetChildren())
        {
            var key = $"{DomainBlockOptions.Section}:{entry.Key}";
            var block = new DomainBlockOptions { Domain = entry["Domain"] ?? "", PublicComment = entry["PublicComment"] };
            if (entry["Severity"] is { } severity)
            {
                if (Enum.TryParse<DomainBlockSeverity>(severity.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(severity, out _))
                {
                    block.Severity = parsed;
                }
                else
                {
                    result.Errors.Add($"{key}:Severity must be none, silence or suspend (got '{severity}').");
                }
            }
            block.RejectMedia = ReadBool(entry, "RejectMedia", key, result.Errors);
            block.RejectReports = ReadBool(entry, "RejectReports", key, result.Errors);
            result.Blocks.Add(block);
        }
        return result;
    }

    private static bool ReadBool(IConfigurationSection entry, string name, string key, List<string> errors)
    {
        if (entry[name] is not { } text)
        {
            return false;
        }
        if (bool.TryParse(text.Trim(), out var value))
        {
            return value;
        }
        errors.Add($"{key}:{name} must be true or false (got '{text}').");
        return false;
    }
}

/// <summary>Refuses to start with a configured block that names no server; the message names the key.</summary>
public sealed class ConfiguredDomainBlocksValidator : IValidateOptions<ConfiguredDomainBlocks>
{
    public ValidateOptionsResult Validate(string? name, ConfiguredDomainBlocks options)
    {
        var errors = new List<string>(options.Errors);
        for (var index = 0; index < options.Blocks.Count; index++)
        {
            var block = options.Blocks[index];
            if (Features.Moderation.DomainNames.TryNormalize(block.Domain) is null)
            {
                errors.Add($"{DomainBlockOptions.Section}:{index}:Domain must be a server name such as social.example (got '{block.Domain}').");
            }
            if ((block.PublicComment?.Length ?? 0) > Features.Moderation.DomainBlocks.MaxCommentLength)
            {
                errors.Add($"{DomainBlockOptions.Section}:{index}:PublicComment can be at most {Features.Moderation.DomainBlocks.MaxCommentLength} characters.");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
