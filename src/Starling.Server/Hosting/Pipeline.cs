using Starling.Server.Api;
using Starling.Server.Api.ActivityPub;

namespace Starling.Server.Hosting;

/// <summary>Middleware order and endpoint map.</summary>
public static class Pipeline
{
    public static WebApplication UseStarling(this WebApplication app)
    {
        app.UseTrustedProxies();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error/500");
        }
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data: blob: https:; media-src 'self' blob: https:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
            await next();
        });
        app.UseApi();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        // After authentication: a cached page is looked up only for a session that was just validated.
        app.UseOutputCache();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapStarling(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapRazorPages();
        app.MapApi();
        app.MapActivityPub();
        app.MapInbox();
        app.MapGet("/health", () => Results.Text("ok"));
        return app;
    }
}
