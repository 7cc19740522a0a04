using System.Reflection;
using NetArchTest.Rules;
using Starling.Server.Features.Statuses;

namespace Starling.Server.Tests;

/// <summary>
/// The dependency rule: use cases (Features) never know the edges that call them (Web pages, the API) or the
/// federation vocabulary, so every edge can reuse them unchanged.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Server = typeof(CreateStatus).Assembly;

    private static readonly string[] Edges = ["Starling.Server.Web", "Starling.Server.Api", "Starling.ActivityPub"];

    private const string Features = "Starling.Server.Features";

    [Fact]
    public void Features_do_not_depend_on_the_web_ui_the_api_or_activitypub_even_inside_method_bodies()
    {
        var result = Types.InAssembly(Server).That().ResideInNamespaceMatching(@"^Starling\.Server\.Features(\.|$)")
            .ShouldNot().HaveDependencyOnAny(Edges).GetResult();

        Assert.True(result.IsSuccessful, "Features types that depend on an edge: " + string.Join(", ", result.FailingTypes?.Select(t => t.FullName) ?? []));
        Assert.NotEmpty(result.SelectedTypesForTesting);
    }

    [Fact]
    public void The_dependency_check_does_see_a_dependency_that_exists_only_in_a_method_body()
    {
        // Hosting wires the web UI in: ServiceRegistration calls AddWebUi() inside a method, nowhere in a signature.
        var result = Types.InAssembly(Server).That().HaveName("ServiceRegistration")
            .ShouldNot().HaveDependencyOnAny(Edges).GetResult();

        Assert.False(result.IsSuccessful);
        Assert.DoesNotContain(SignatureTypes(typeof(Starling.Server.Hosting.ServiceRegistration)), IsEdge);
    }

    [Fact]
    public void No_features_signature_mentions_an_edge_type()
    {
        var offenders = Server.GetTypes()
            .Where(t => t.Namespace?.StartsWith(Features, StringComparison.Ordinal) == true)
            .SelectMany(t => SignatureTypes(t).Where(IsEdge).Select(edge => $"{t.FullName} -> {edge.FullName}"))
            .Distinct()
            .ToList();

        Assert.Empty(offenders);
        Assert.Contains(typeof(CreateStatus), Server.GetTypes());
    }

    private static bool IsEdge(Type type) => Edges.Any(edge => type.Namespace?.StartsWith(edge, StringComparison.Ordinal) == true);

    /// <summary>Every type named by a type's base, interfaces, fields, properties, events, constructor and method signatures, generic arguments included.</summary>
    private static IEnumerable<Type> SignatureTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var direct = new List<Type?> { type.BaseType };
        direct.AddRange(type.GetInterfaces());
        direct.AddRange(type.GetFields(all).Select(f => f.FieldType));
        direct.AddRange(type.GetProperties(all).Select(p => p.PropertyType));
        direct.AddRange(type.GetEvents(all).Select(e => e.EventHandlerType));
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            direct.AddRange(method.GetParameters().Select(p => p.ParameterType));
            if (method is MethodInfo info)
            {
                direct.Add(info.ReturnType);
            }
            direct.AddRange(method.GetMethodBody()?.LocalVariables.Select(l => l.LocalType) ?? []);
        }
        return direct.OfType<Type>().SelectMany(Unwrap).Distinct();
    }

    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.HasElementType)
        {
            foreach (var inner in Unwrap(type.GetElementType()!))
            {
                yield return inner;
            }
            yield break;
        }
        yield return type;
        if (type.IsGenericType)
        {
            foreach (var argument in type.GetGenericArguments().SelectMany(Unwrap))
            {
                yield return argument;
            }
        }
    }
}
