using System.Globalization;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Starling.Server.Api.Entities;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Api.OAuth;
using Starling.Server.Data;
using Starling.Server.Features.Accounts;
using Starling.Server.Features.Moderation;
using Starling.Server.Features.Polls;
using Starling.Server.Infrastructure.Text;
using Starling.Server.Options;

namespace Starling.Server.Api.Instance;

/// <summary>What clients ask a server about itself before and after signing in.</summary>
public static class InstanceEndpoints
{
    /// <summary>The Mastodon version whose API this server follows, in the form clients feature-detect on.</summary>
    public const string MastodonVersion = "4.3.0";

    public static string Version { get; } = $"{MastodonVersion} (compatible; Starling {SoftwareVersion()})";

    public static IEndpointRouteBuilder MapInstance(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/api/v1").WithTags("Instance");
        v1.MapGet("/instance", InstanceV1Async).WithSummary("Server information (v1)");
        v1.MapGet("/instance/peers", () => Array.Empty<string>()).WithSummary("Domains this server knows (none until federation)");
        v1.MapGet("/instance/activity", ActivityAsync).WithSummary("Weekly posts, sign-ins and sign-ups for the last 12 weeks");
        v1.MapGet("/instance/rules", (IOptions<StarlingOptions> options) => Rules(options.Value)).WithSummary("Server rules");
        v1.MapGet("/instance/domain_blocks", DomainBlocksAsync).WithSummary("Servers this one silences or suspends, with the public comment");
        v1.MapGet("/instance/extended_description", ExtendedDescription).WithSummary("The server's longer description");
        v1.MapGet("/instance/translation_languages", () => new Dictionary<string, string[]>()).WithSummary("Translation pairs (none)");
        v1.MapGet("/custom_emojis", () => Array.Empty<object>()).WithSummary("Custom emojis (none)");
        v1.MapGet("/preferences", PreferencesAsync)
            .RequireScope(OAuthScopes.Read + ":accounts").WithSummary("The user's posting and reading preferences");
        app.MapGet("/api/v2/instance", InstanceV2Async).WithTags("Instance").WithSummary("Server information (v2)");
        return app;
    }

    private static async Task<InstanceV1> InstanceV1Async(IOptions<StarlingOptions> options, AppDbContext db, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var root = o.PublicUrl.TrimEnd('/');
        var users = await db.Users.CountAsync(u => u.Approved && u.Account.SuspendedAt == null, cancellationToken);
        var statuses = await db.Statuses.CountAsync(s => s.Account.Domain == null && s.ReblogOfId == null, cancellationToken);
        var domains = await db.Accounts.Where(a => a.Domain != null).Select(a => a.Domain).Distinct().CountAsync(cancellationToken);
        return new InstanceV1(
            Uri: o.Domain,
            Title: o.InstanceName,
            ShortDescription: o.Description,
            Description: o.Description,
            Email: o.ContactEmail,
            Version: Version,
            Urls: new InstanceV1Urls(StreamingUrl(o)),
            Stats: new InstanceStats(users, statuses, domains),
            Thumbnail: root + "/favicon.svg",
            Languages: ["en"],
            Registrations: o.Registrations != RegistrationMode.Closed,
            ApprovalRequired: o.Registrations == RegistrationMode.Approval,
            InvitesEnabled: false,
            Configuration: new InstanceConfiguration(Accounts, Statuses(o), Media(o), Polls),
            ContactAccount: null,
            Rules: Rules(o));
    }

    private static async Task<InstanceV2> InstanceV2Async(IOptions<StarlingOptions> options, AppDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var root = o.PublicUrl.TrimEnd('/');
        var monthAgo = time.GetUtcNow().UtcDateTime.AddDays(-30);
        var activeMonth = await db.Accounts.CountAsync(a => a.Domain == null && a.SuspendedAt == null && a.LastStatusAt >= monthAgo, cancellationToken);
        var thumbnail = root + "/favicon.svg";
        return new InstanceV2(
            Domain: o.Domain,
            Title: o.InstanceName,
            Version: Version,
            SourceUrl: string.IsNullOrEmpty(o.SourceUrl) ? root + "/" : o.SourceUrl,
            Description: o.Description,
            Usage: new InstanceUsage(new InstanceUsageUsers(activeMonth)),
            Thumbnail: new InstanceThumbnail(thumbnail, null, new Dictionary<string, string> { ["@1x"] = thumbnail, ["@2x"] = thumbnail }),
            Icon: [new InstanceIcon(thumbnail, "48x48")],
            Languages: ["en"],
            Configuration: new InstanceConfigurationV2(
                new InstanceV2Urls(StreamingUrl(o), null, root + "/about", null, null),
                new VapidConfiguration(""),
                Accounts, Statuses(o), Media(o), Polls,
                new TranslationConfiguration(false)),
            Registrations: new InstanceRegistrations(o.Registrations != RegistrationMode.Closed, o.Registrations == RegistrationMode.Approval, null, null),
            ApiVersions: new Dictionary<string, int> { ["mastodon"] = 2 },
            Contact: new InstanceContact(o.ContactEmail, null),
            Rules: Rules(o));
    }

    private static async Task<IReadOnlyList<DomainBlockEntity>> DomainBlocksAsync(DomainBlocks blocks, CancellationToken cancellationToken) =>
        (await blocks.AllAsync(cancellationToken)).Select(DomainBlockEntity.From).OfType<DomainBlockEntity>().ToList();

    /// <summary>The posting defaults the user set (update_credentials' <c>source</c>); reading preferences are Mastodon's defaults.</summary>
    private static async Task<PreferencesEntity> PreferencesAsync(HttpContext context, AccountQueries accounts)
    {
        var user = await accounts.OwnerAsync(context.RequiredCaller().RequireAccountId(), context.RequestAborted);
        return new PreferencesEntity(VisibilityNames.Of(user.DefaultVisibility), user.DefaultSensitive, user.DefaultLanguage, "default", false);
    }

    /// <summary>Twelve weeks, newest first, each starting on a Monday (UTC) and named by its Unix time.</summary>
    private static async Task<IReadOnlyList<ActivityEntity>> ActivityAsync(AppDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var today = time.GetUtcNow().UtcDateTime.Date;
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var weeks = new List<ActivityEntity>(12);
        for (var week = 0; week < 12; week++)
        {
            var start = monday.AddDays(-7 * week);
            var end = start.AddDays(7);
            var statuses = await db.Statuses.CountAsync(s => s.Account.Domain == null && s.CreatedAt >= start && s.CreatedAt < end, cancellationToken);
            var registrations = await db.Users.CountAsync(u => u.CreatedAt >= start && u.CreatedAt < end, cancellationToken);
            weeks.Add(new ActivityEntity(
                new DateTimeOffset(start, TimeSpan.Zero).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                statuses.ToString(CultureInfo.InvariantCulture),
                // Sign-ins are not recorded.
                "0",
                registrations.ToString(CultureInfo.InvariantCulture)));
        }
        return weeks;
    }

    private static ExtendedDescriptionEntity ExtendedDescription(IOptions<StarlingOptions> options) =>
        new(DateTime.UnixEpoch, string.IsNullOrEmpty(options.Value.Description) ? "" : $"<p>{System.Net.WebUtility.HtmlEncode(options.Value.Description)}</p>");

    private static IReadOnlyList<RuleEntity> Rules(StarlingOptions options) =>
        options.Rules.Select((text, index) => new RuleEntity((index + 1).ToString(CultureInfo.InvariantCulture), text, "")).ToList();

    /// <summary>The WebSocket origin of the public URL: wss:// for https, ws:// for http.</summary>
    public static string StreamingUrl(StarlingOptions options)
    {
        var uri = options.PublicUri;
        var scheme = uri.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
        return $"{scheme}://{options.Domain}";
    }

    // Limits the API announces. Media announce what uploads accept today; polls the rules the posts are held to.
    private static readonly AccountLimits Accounts = new(MaxFeaturedTags: 10, MaxPinnedStatuses: 5);

    /// <summary>What uploads accept: the types recognised by their content, within the configured limits.</summary>
    private static MediaLimits Media(StarlingOptions options) => new(
        ["image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/heif", "image/avif",
            "video/mp4", "video/quicktime", "video/webm", "audio/mpeg", "audio/mp3", "audio/ogg", "audio/opus", "audio/mp4", "audio/x-m4a",
            "audio/wav", "audio/x-wav", "audio/wave", "audio/flac", "audio/x-flac"],
        DescriptionLimit: Features.Media.MediaAttachments.MaxDescriptionLength, ImageSizeLimit: options.Media.MaxUploadBytes,
        ImageMatrixLimit: options.Media.MaxImagePixels, VideoSizeLimit: options.Media.MaxVideoBytes,
        VideoFrameRateLimit: (int)options.Media.MaxVideoFrameRate, VideoMatrixLimit: options.Media.MaxVideoPixels);

    private static readonly PollLimits Polls = new(MaxOptions: PollRules.MaxOptions, MaxCharactersPerOption: PollRules.MaxCharactersPerOption,
        MinExpiration: PollRules.MinExpirationSeconds, MaxExpiration: PollRules.MaxExpirationSeconds);

    private static StatusLimits Statuses(StarlingOptions options) =>
        new(options.MaxStatusCharacters, MaxMediaAttachments: Features.Media.MediaAttachments.MaxAttachmentsPerStatus, CharactersReservedPerUrl: StatusLength.UrlPlaceholderLength);

    internal static string SoftwareVersion()
    {
        var informational = typeof(InstanceEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+');
        return plus < 0 ? informational : informational[..plus];
    }
}
