using Microsoft.Extensions.Options;
using Starling.Server.Data;
using Starling.Server.Federation.Mapping;
using Starling.Server.Jobs;
using Starling.Server.Options;

namespace Starling.Server.Features.Moderation;

/// <summary>Moderation across servers: domain blocks (from the admin page and configuration), reports, and remote HTML's sanitizer.</summary>
public static class ModerationSetup
{
    public static IServiceCollection AddModeration(this IServiceCollection services)
    {
        services.AddOptions<ConfiguredDomainBlocks>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                var read = ConfiguredDomainBlocks.Read(configuration);
                options.Blocks = read.Blocks;
                options.Errors.AddRange(read.Errors);
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConfiguredDomainBlocks>, ConfiguredDomainBlocksValidator>();
        services.AddSingleton<DomainBlockPolicy>();
        services.AddSingleton<ICommittedChangesObserver>(sp => sp.GetRequiredService<DomainBlockPolicy>());
        services.AddScoped<DomainBlocks>();
        services.AddScoped<RemoteInstances>();
        services.AddJob<PurgeDomainJob, PurgeDomainJobHandler>();
        services.AddScoped<ReportAccount>();
        services.AddScoped<ResolveReport>();
        services.AddScoped<ReportQueries>();
        // Configured once and shared: the inbox sanitizes every remote post and bio with it.
        services.AddSingleton<RemoteHtml>();
        return services;
    }

    /// <summary>Brings the configured domain blocks into the database; run at start, after migrations.</summary>
    public static async Task ApplyConfiguredDomainBlocksAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var configured = scope.ServiceProvider.GetRequiredService<IOptions<ConfiguredDomainBlocks>>().Value.Blocks;
        if (configured.Count > 0)
        {
            await scope.ServiceProvider.GetRequiredService<DomainBlocks>().ApplyConfiguredAsync(configured, cancellationToken);
        }
    }
}
