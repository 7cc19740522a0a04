using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Starling.Server.Api.Accounts;
using Starling.Server.Api.Apps;
using Starling.Server.Api.Conversations;
using Starling.Server.Api.Filters;
using Starling.Server.Api.Infrastructure;
using Starling.Server.Api.Instance;
using Starling.Server.Api.Lists;
using Starling.Server.Api.Markers;
using Starling.Server.Api.Media;
using Starling.Server.Api.Notifications;
using Starling.Server.Api.OAuth;
using Starling.Server.Api.Reports;
using Starling.Server.Api.Search;
using Starling.Server.Api.Statuses;
using Starling.Server.Api.Tags;
using Starling.Server.Api.Streaming;
using Starling.Server.Api.Timelines;
using Starling.Server.Api.Trends;
using Starling.Server.Infrastructure.Security;
using Starling.Server.Options;

namespace Starling.Server.Api;

/// <summary>The Mastodon client API and its OAuth server: services, middleware and endpoints, in one place.</summary>
public static class ApiSetup
{
    public const string CorsPolicy = "api";

    public static IServiceCollection AddApi(this IServiceCollection services, StarlingOptions options)
    {
        services.AddOAuthServer(options);
        services.AddSingleton(sp => new AccessTokenCache(sp.GetRequiredService<TimeProvider>(), TimeSpan.FromSeconds(options.OAuth.TokenCacheSeconds)));
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiAuthenticationHandler>(ApiAuthentication.Scheme, null)
            .AddPolicyScheme(ApiAuthentication.SelectorScheme, null, selector => selector.ForwardDefaultSelector = context =>
                ApiPaths.IsApi(context.Request.Path) ? ApiAuthentication.Scheme : CookieAuthenticationDefaults.AuthenticationScheme);
        // API paths take bearer tokens only (never the web UI's cookie, so no cross-site request can use a session).
        services.Configure<AuthenticationOptions>(authentication => authentication.DefaultScheme = ApiAuthentication.SelectorScheme);
        services.AddSingleton<ApiResponseCache>();
        services.AddSingleton<IAuthorizationHandler, ScopeAuthorizationHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ApiAuthorizationResultHandler>();

        services.ConfigureHttpJsonOptions(json => ApiJson.Configure(json.SerializerOptions));
        services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy
            .AllowAnyOrigin()
            .AllowAnyHeader()
            .AllowAnyMethod()
            .WithExposedHeaders("Link", ApiRateLimiter.LimitHeader, ApiRateLimiter.RemainingHeader, ApiRateLimiter.ResetHeader, "Idempotency-Key", "Retry-After")));
        services.AddSingleton<ApiRateLimiter>();
        services.AddStreaming();
        services.AddOpenApi(openApi => openApi.ShouldInclude = description =>
            description.RelativePath is { } path && (path.StartsWith("api/", StringComparison.Ordinal) || path.StartsWith("oauth/", StringComparison.Ordinal) || path.StartsWith(".well-known/", StringComparison.Ordinal)));
        return services;
    }

    /// <summary>Middleware for API requests; runs before routing and authentication, where OpenIddict answers /oauth/token.</summary>
    public static WebApplication UseApi(this WebApplication app)
    {
        app.UseMiddleware<ApiErrorMiddleware>();
        app.UseWhen(context => ApiPaths.IsApi(context.Request.Path), api => api.UseCors(CorsPolicy));
        app.UseMiddleware<RateLimitMiddleware>();
        app.UseMiddleware<OAuthBodyNormalizer>();
        // The streaming API's WebSocket; keep-alive pings are set per socket from Starling:Streaming:HeartbeatSeconds.
        app.UseWebSockets();
        return app;
    }

    public static IEndpointRouteBuilder MapApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/api/openapi.json");
        app.MapOAuth();
        app.MapApps();
        app.MapInstance();
        app.MapFilters();
        app.MapSearch();
        app.MapTrends();
        app.MapTags();
        app.MapMedia();
        app.MapProfilePictures();
        app.MapStatuses();
        app.MapPolls();
        app.MapScheduledStatuses();
        app.MapTimelines();
        app.MapLists();
        app.MapMarkers();
        app.MapConversations();
        app.MapNotifications();
        app.MapAccounts();
        app.MapReports();
        app.MapStreaming();
        return app;
    }
}
