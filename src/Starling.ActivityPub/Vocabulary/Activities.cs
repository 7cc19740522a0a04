using System.Text.Json.Serialization;
using Starling.ActivityPub.Json;

namespace Starling.ActivityPub.Vocabulary;

/// <summary>An activity. Each type has its own class, so inbound documents can be matched by pattern.</summary>
public abstract class Activity : ActivityObject
{
    public ObjectReference? Actor { get; set; }

    /// <summary>Every object the activity is about; only <see cref="Flag"/> names several in practice.</summary>
    [JsonPropertyName("object")]
    [JsonConverter(typeof(ObjectsConverter))]
    public IReadOnlyList<ObjectReference> Objects { get; set; } = [];

    /// <summary>The object the activity is about (the first when there are several).</summary>
    [JsonIgnore]
    public ObjectReference? Object
    {
        get => Objects.Count > 0 ? Objects[0] : null;
        set => Objects = value is null ? [] : [value];
    }

    public ObjectReference? Target { get; set; }
    public ObjectReference? Result { get; set; }
    public ObjectReference? Origin { get; set; }
    public ObjectReference? Instrument { get; set; }
}

public sealed class Create : Activity
{
    public Create() => Type = nameof(Create);
}

public sealed class Update : Activity
{
    public Update() => Type = nameof(Update);
}

public sealed class Delete : Activity
{
    public Delete() => Type = nameof(Delete);
}

public sealed class Follow : Activity
{
    public Follow() => Type = nameof(Follow);
}

public sealed class Accept : Activity
{
    public Accept() => Type = nameof(Accept);
}

public sealed class Reject : Activity
{
    public Reject() => Type = nameof(Reject);
}

public sealed class Undo : Activity
{
    public Undo() => Type = nameof(Undo);
}

public sealed class Announce : Activity
{
    public Announce() => Type = nameof(Announce);
}

/// <summary>A favourite; Misskey and others put an emoji reaction in <see cref="ActivityObject.Content"/>.</summary>
public sealed class Like : Activity
{
    public Like() => Type = nameof(Like);
}

/// <summary>An emoji reaction (Pleroma, Akkoma, Misskey): the emoji in <see cref="ActivityObject.Content"/>, a custom one in <see cref="ActivityObject.Tag"/>.</summary>
public sealed class EmojiReact : Activity
{
    public EmojiReact() => Type = nameof(EmojiReact);
}

public sealed class Block : Activity
{
    public Block() => Type = nameof(Block);
}

/// <summary>A report: <see cref="Activity.Objects"/> holds the reported account and statuses.</summary>
public sealed class Flag : Activity
{
    public Flag() => Type = nameof(Flag);
}

/// <summary>An account migration: the actor moves from <see cref="Activity.Object"/> to <see cref="Activity.Target"/>.</summary>
public sealed class Move : Activity
{
    public Move() => Type = nameof(Move);
}

public sealed class Add : Activity
{
    public Add() => Type = nameof(Add);
}

public sealed class Remove : Activity
{
    public Remove() => Type = nameof(Remove);
}
