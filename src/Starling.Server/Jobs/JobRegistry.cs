using System.Text.Json;

namespace Starling.Server.Jobs;

/// <summary>Maps stored type names to the code that runs them. Filled by <see cref="JobServiceCollectionExtensions.AddJob{TJob,THandler}"/>.</summary>
public sealed class JobRegistry
{
    private readonly Dictionary<string, Func<IServiceProvider, string, CancellationToken, Task>> _runners = new(StringComparer.Ordinal);

    public void Register<TJob>() where TJob : IJob
    {
        _runners[TJob.TypeName] = (services, payload, cancellationToken) =>
        {
            var job = JsonSerializer.Deserialize<TJob>(payload, JobSerialization.Options)
                ?? throw new InvalidOperationException($"Job payload of {TJob.TypeName} is empty.");
            return services.GetRequiredService<IJobHandler<TJob>>().RunAsync(job, cancellationToken);
        };
    }

    public Func<IServiceProvider, string, CancellationToken, Task>? Find(string typeName) =>
        _runners.GetValueOrDefault(typeName);
}

public static class JobServiceCollectionExtensions
{
    public static IServiceCollection AddJob<TJob, THandler>(this IServiceCollection services)
        where TJob : IJob
        where THandler : class, IJobHandler<TJob>
    {
        services.AddScoped<IJobHandler<TJob>, THandler>();
        services.Configure<JobRegistryOptions>(o => o.Registrations.Add(registry => registry.Register<TJob>()));
        return services;
    }
}

public sealed class JobRegistryOptions
{
    public List<Action<JobRegistry>> Registrations { get; } = [];
}
