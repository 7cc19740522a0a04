using System.Text.Json.Serialization;
using Starling.ActivityPub.Json;

namespace Starling.ActivityPub.Vocabulary;

/// <summary>An account: <see cref="Person"/>, <see cref="Service"/> (bots), <see cref="Application"/> (instance actors), <see cref="Group"/> or <see cref="Organization"/>.</summary>
public abstract class Actor : ActivityObject
{
    public string? PreferredUsername { get; set; }

    [JsonConverter(typeof(UriConverter))]
    public string? Inbox { get; set; }

    [JsonConverter(typeof(UriConverter))]
    public string? Outbox { get; set; }

    [JsonConverter(typeof(UriConverter))]
    public string? Followers { get; set; }

    [JsonConverter(typeof(UriConverter))]
    public string? Following { get; set; }

    [JsonConverter(typeof(UriConverter))]
    public string? Featured { get; set; }

    [JsonConverter(typeof(UriConverter))]
    public string? FeaturedTags { get; set; }

    [JsonConverter(typeof(FirstObjectConverter<ActorEndpoints>))]
    public ActorEndpoints? Endpoints { get; set; }

    [JsonConverter(typeof(FirstObjectConverter<PublicKey>))]
    public PublicKey? PublicKey { get; set; }

    public bool? ManuallyApprovesFollowers { get; set; }
    public bool? Discoverable { get; set; }
    public bool? Indexable { get; set; }
    public bool? Memorial { get; set; }
    public bool? Suspended { get; set; }

    [JsonConverter(typeof(UriListConverter))]
    public IReadOnlyList<string> AlsoKnownAs { get; set; } = [];

    [JsonConverter(typeof(UriConverter))]
    public string? MovedTo { get; set; }

    /// <summary>The shared inbox when the actor names one, else its own inbox.</summary>
    [JsonIgnore]
    public string? PreferredInbox => Endpoints?.SharedInbox ?? Inbox;
}

public sealed class Person : Actor
{
    public Person() => Type = nameof(Person);
}

public sealed class Service : Actor
{
    public Service() => Type = nameof(Service);
}

public sealed class Application : Actor
{
    public Application() => Type = nameof(Application);
}

public sealed class Group : Actor
{
    public Group() => Type = nameof(Group);
}

public sealed class Organization : Actor
{
    public Organization() => Type = nameof(Organization);
}

public sealed class ActorEndpoints
{
    [JsonConverter(typeof(UriConverter))]
    public string? SharedInbox { get; set; }
}

/// <summary>The actor's RSA key as Mastodon publishes it (security/v1 vocabulary).</summary>
public sealed class PublicKey
{
    [JsonConverter(typeof(UriConverter))]
    public string? Id { get; set; }

    [JsonConverter(typeof(UriConverter))]
    public string? Owner { get; set; }

    public string? PublicKeyPem { get; set; }
}

/// <summary>A profile field (schema.org), carried in an actor's <see cref="ActivityObject.Attachment"/>.</summary>
public sealed class PropertyValue : ActivityObject
{
    public PropertyValue() => Type = nameof(PropertyValue);

    public string? Value { get; set; }
}
