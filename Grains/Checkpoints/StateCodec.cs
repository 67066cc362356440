using System.Collections;
using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using OrleansGov.Model;
using OrleansGov.Scenarios;

namespace OrleansGov.Checkpoints;

/// <summary>Raised when a type holds state the codec cannot capture: a checkpoint would silently lose it.</summary>
public sealed class UnsupportedStateException(string message) : Exception(message);

/// <summary>
/// Writes and reads plain data generically, by walking every instance field of a type (private ones
/// included): primitives, enums, strings, nullables, arrays, <see cref="List{T}"/>, dictionaries and
/// hash sets (in key order, so equal states give equal bytes), structs and record structs (inline
/// arrays element by element), and classes of OrleansGov's own assemblies (records, agents; a type
/// tag when the declared type is not sealed). Fields that hold the run's shared, read-only
/// <see cref="World"/> or <see cref="Scenario"/> are skipped: on restore they keep what the freshly
/// constructed object holds. Anything else (delegates, <c>object</c>, interfaces, pointers, other
/// libraries' classes) makes building the codec throw <see cref="UnsupportedStateException"/> naming
/// the field, so a new model field the codec cannot handle fails a test instead of vanishing from
/// checkpoints. Codecs are built once per type and cached; field reads are compiled.
/// </summary>
public static class StateCodec
{
    private static readonly ConcurrentDictionary<Type, ValueCodec> Codecs = new();
    private static readonly ConcurrentDictionary<string, Type> TaggedTypes = new(StringComparer.Ordinal);

    /// <summary>Writes <paramref name="value"/> as a value of declared type <typeparamref name="T"/>.</summary>
    public static void Write<T>(BinaryWriter writer, T value) => For(typeof(T)).Write(writer, value);

    /// <summary>Reads a value of declared type <typeparamref name="T"/>, filling <paramref name="existing"/> in place where it can.</summary>
    public static T Read<T>(BinaryReader reader, T? existing = default) => (T)For(typeof(T)).Read(reader, existing)!;

    /// <summary>The bytes of <paramref name="value"/> (declared type <typeparamref name="T"/>).</summary>
    public static byte[] ToBytes<T>(T value) => ToBytes(typeof(T), value);

    /// <summary>The bytes of <paramref name="value"/> as a value of declared type <paramref name="type"/>.</summary>
    public static byte[] ToBytes(Type type, object? value)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            For(type).Write(writer, value);
        }
        return stream.ToArray();
    }

    /// <summary>Reads bytes made by <see cref="ToBytes{T}"/>; all of them must be used.</summary>
    public static T FromBytes<T>(byte[] bytes, T? existing = default)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        var value = Read(reader, existing);
        if (reader.BaseStream.Position != bytes.Length)
        {
            throw new InvalidDataException($"{bytes.Length - reader.BaseStream.Position} bytes left over after reading a {typeof(T).Name}.");
        }
        return value;
    }

    /// <summary>
    /// A description of how <paramref name="type"/> is captured: every field path and its type, in
    /// order. Two builds with the same layout give the same text (checkpoints record its hash).
    /// </summary>
    public static string Describe(Type type)
    {
        var text = new StringBuilder();
        For(type).Describe(text, type.Name, new HashSet<Type>());
        return text.ToString();
    }

    /// <summary>The codec of declared type <paramref name="type"/>; throws <see cref="UnsupportedStateException"/> when there is none.</summary>
    internal static ValueCodec For(Type type) => Codecs.TryGetValue(type, out var codec) ? codec : Build(type);

    private static readonly object BuildLock = new();
    /// <summary>Codecs being built (under <see cref="BuildLock"/>): a class or struct is here before its fields are, so a type that refers to itself finds its own codec.</summary>
    private static readonly Dictionary<Type, ValueCodec> Building = new();

    /// <summary>Builds a codec and every codec it needs under one lock, and publishes them only when all are complete: another thread never sees a half-built codec.</summary>
    private static ValueCodec Build(Type type)
    {
        lock (BuildLock)
        {
            if (Codecs.TryGetValue(type, out var done)) return done;
            if (Building.TryGetValue(type, out var inProgress)) return inProgress;
            bool outermost = Building.Count == 0;
            try
            {
                var codec = Create(type);
                Building[type] = codec;
                if (outermost)
                {
                    foreach (var (t, c) in Building) Codecs.TryAdd(t, c);
                }
                return codec;
            }
            finally
            {
                if (outermost) Building.Clear();
            }
        }
    }

    private static ValueCodec Create(Type type)
    {
        if (type.IsPrimitive || type == typeof(string) || type == typeof(decimal))
        {
            return PrimitiveCodec.For(type);
        }
        if (type.IsEnum)
        {
            return new EnumCodec(type, PrimitiveCodec.For(Enum.GetUnderlyingType(type)));
        }
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return new NullableCodec(For(underlying));
        }
        if (type.IsArray)
        {
            if (!type.IsSZArray)
            {
                throw Unsupported(type, "multi-dimensional arrays are not supported");
            }
            return new ArrayCodec(type.GetElementType()!, For(type.GetElementType()!));
        }
        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            var args = type.GetGenericArguments();
            if (definition == typeof(List<>))
            {
                return new ListCodec(type, For(args[0]));
            }
            if (definition == typeof(Dictionary<,>) || definition == typeof(SortedDictionary<,>))
            {
                return new DictionaryCodec(type, For(args[0]), For(args[1]));
            }
            if (definition == typeof(HashSet<>) || definition == typeof(SortedSet<>))
            {
                return new SetCodec(type, For(args[0]));
            }
        }
        if (type.IsPointer || type.IsByRef || typeof(Delegate).IsAssignableFrom(type) || type.IsInterface || type == typeof(object))
        {
            throw Unsupported(type, "its contents cannot be known from the declared type");
        }
        if (type.IsValueType)
        {
            if (type.GetCustomAttribute<InlineArrayAttribute>() is { } inline)
            {
                var element = type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Single().FieldType;
                var codecType = typeof(InlineArrayCodec<,>).MakeGenericType(type, element);
                return (ValueCodec)Activator.CreateInstance(codecType, inline.Length, For(element))!;
            }
            var structCodec = new ObjectCodec(type);
            Building[type] = structCodec;
            structCodec.BuildFields();
            return structCodec;
        }
        if (type.Assembly.GetName().Name?.StartsWith("OrleansGov", StringComparison.Ordinal) != true)
        {
            throw Unsupported(type, "only classes of OrleansGov's own assemblies are walked (others may hold hidden state)");
        }
        var classCodec = new ObjectCodec(type);
        Building[type] = classCodec;
        classCodec.BuildFields();
        return classCodec;
    }

    /// <summary>
    /// A field the model's objects hold that is the run's shared, read-only world: a <see cref="World"/>
    /// anywhere, or a <see cref="Scenario"/> held by the model (a checkpoint's own record of the scenario is data).
    /// </summary>
    internal static bool IsShared(FieldInfo field) =>
        typeof(World).IsAssignableFrom(field.FieldType)
        || (typeof(Scenario).IsAssignableFrom(field.FieldType) && field.DeclaringType?.Namespace == typeof(Agent).Namespace);

    internal static UnsupportedStateException Unsupported(Type type, string why) =>
        new($"Cannot checkpoint a value of type {Name(type)}: {why}.");

    internal static string Name(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>"
        : type.DeclaringType is { } outer && !type.IsGenericParameter ? $"{Name(outer)}.{type.Name}" : type.Name;

    /// <summary>The tag written for a value whose runtime type differs from a non-sealed declared type.</summary>
    internal static string Tag(Type type) => type.FullName ?? type.Name;

    internal static Type Resolve(string tag, Type declared)
    {
        var type = TaggedTypes.GetOrAdd(tag, static t =>
            AppDomain.CurrentDomain.GetAssemblies()
                .Where(a => a.GetName().Name?.StartsWith("OrleansGov", StringComparison.Ordinal) == true)
                .Select(a => a.GetType(t, throwOnError: false))
                .FirstOrDefault(found => found is not null)
            ?? throw new InvalidDataException($"The checkpoint names type '{t}', which this build does not have."));
        if (!declared.IsAssignableFrom(type))
        {
            throw new InvalidDataException($"The checkpoint holds a {type.Name} where a {declared.Name} belongs.");
        }
        return type;
    }
}

/// <summary>Writes and reads values of one declared type.</summary>
internal abstract class ValueCodec
{
    public abstract void Write(BinaryWriter writer, object? value);

    /// <summary>Reads a value; <paramref name="existing"/> (the fresh object's current value) is filled in place where that keeps its identity.</summary>
    public abstract object? Read(BinaryReader reader, object? existing);

    public virtual void Describe(StringBuilder text, string path, HashSet<Type> seen) => text.Append(path).Append(": ").Append(GetType().Name).Append('\n');
}

internal sealed class PrimitiveCodec : ValueCodec
{
    private readonly Action<BinaryWriter, object> _write;
    private readonly Func<BinaryReader, object> _read;
    private readonly string _name;

    private PrimitiveCodec(string name, Action<BinaryWriter, object> write, Func<BinaryReader, object> read)
    {
        _name = name;
        _write = write;
        _read = read;
    }

    public static PrimitiveCodec For(Type type) => Type.GetTypeCode(type) switch
    {
        TypeCode.Boolean => new("bool", (w, v) => w.Write((bool)v), r => r.ReadBoolean()),
        TypeCode.Byte => new("byte", (w, v) => w.Write((byte)v), r => r.ReadByte()),
        TypeCode.SByte => new("sbyte", (w, v) => w.Write((sbyte)v), r => r.ReadSByte()),
        TypeCode.Int16 => new("short", (w, v) => w.Write((short)v), r => r.ReadInt16()),
        TypeCode.UInt16 => new("ushort", (w, v) => w.Write((ushort)v), r => r.ReadUInt16()),
        TypeCode.Int32 => new("int", (w, v) => w.Write((int)v), r => r.ReadInt32()),
        TypeCode.UInt32 => new("uint", (w, v) => w.Write((uint)v), r => r.ReadUInt32()),
        TypeCode.Int64 => new("long", (w, v) => w.Write((long)v), r => r.ReadInt64()),
        TypeCode.UInt64 => new("ulong", (w, v) => w.Write((ulong)v), r => r.ReadUInt64()),
        TypeCode.Single => new("float", (w, v) => w.Write((float)v), r => r.ReadSingle()),
        TypeCode.Double => new("double", (w, v) => w.Write((double)v), r => r.ReadDouble()),
        TypeCode.Char => new("char", (w, v) => w.Write((ushort)(char)v), r => (char)r.ReadUInt16()),
        TypeCode.Decimal => new("decimal", (w, v) => w.Write((decimal)v), r => r.ReadDecimal()),
        TypeCode.String => new("string", WriteString, ReadString),
        _ => throw StateCodec.Unsupported(type, "no primitive encoding"),
    };

    // Strings may be null: a flag first.
    private static void WriteString(BinaryWriter w, object? v)
    {
        w.Write(v is not null);
        if (v is string s) w.Write(s);
    }

    private static object ReadString(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null!;

    public override void Write(BinaryWriter writer, object? value)
    {
        if (value is null)
        {
            writer.Write(false); // only strings are ever null here
            return;
        }
        _write(writer, value);
    }

    public override object? Read(BinaryReader reader, object? existing) => _read(reader);

    public override void Describe(StringBuilder text, string path, HashSet<Type> seen) => text.Append(path).Append(": ").Append(_name).Append('\n');
}

internal sealed class EnumCodec(Type type, PrimitiveCodec underlying) : ValueCodec
{
    public override void Write(BinaryWriter writer, object? value) =>
        underlying.Write(writer, Convert.ChangeType(value, Enum.GetUnderlyingType(type), System.Globalization.CultureInfo.InvariantCulture));

    public override object? Read(BinaryReader reader, object? existing) => Enum.ToObject(type, underlying.Read(reader, null)!);

    public override void Describe(StringBuilder text, string path, HashSet<Type> seen) =>
        text.Append(path).Append(": enum ").Append(StateCodec.Name(type)).Append('(').Append(string.Join(',', Enum.GetNames(type))).Append(")\n");
}

internal sealed class NullableCodec(ValueCodec inner) : ValueCodec
{
    public override void Write(BinaryWriter writer, object? value)
    {
        writer.Write(value is not null);
        if (value is not null) inner.Write(writer, value);
    }

    public override object? Read(BinaryReader reader, object? existing) => reader.ReadBoolean() ? inner.Read(reader, null) : null;

    public override void Describe(StringBuilder text, string path, HashSet<Type> seen) => inner.Describe(text, path + "?", seen);
}

internal sealed class ArrayCodec(Type elementType, ValueCodec element) : ValueCodec
{
    public override void Write(BinaryWriter writer, object? value)
    {
        if (value is not Array array)
        {
            writer.Write(-1);
            return;
        }
        writer.Write(array.Length);
        for (int i = 0; i < array.Length; i++) element.Write(writer, array.GetValue(i));
    }

    public override object? Read(BinaryReader reader, object? existing)
    {
        int length = reader.ReadInt32();
        if (length < 0) return null;
        // Same length: fill the fresh object's array in place (a readonly array field keeps its identity).
        var array = existing is Array a && a.Length == length ? a : Array.CreateInstance(elementType, length);
        for (int i = 0; i < length; i++) array.SetValue(element.Read(reader, array.GetValue(i)), i);
        return array;
    }

    public override void Describe(StringBuilder text, string path, HashSet<Type> seen) => element.Describe(text, path + "[]", seen);
}

internal sealed class ListCodec(Type listType, ValueCodec element) : ValueCodec
{
    public override void Write(BinaryWriter writer, object? value)
    {
        if (value is not IList list)
        {
            writer.Write(-1);
            return;
        }
        writer.Write(list.Count);
        for (int i = 0; i < list.Count; i++) element.Write(writer, list[i]);
    }

    public override object? Read(BinaryReader reader, object? existing)
    {
        int count = reader.ReadInt32();
        if (count < 0) return null;
        var list = existing as IList ?? (IList)Activator.CreateInstance(listType)!;
        list.Clear();
        for (int i = 0; i < count; i++) list.Add(element.Read(reader, null));
        return list;
    }

    public override void Describe(StringBuilder text, string path, HashSet<Type> seen) => element.Describe(text, path + "<list>", seen);
}

/// <summary>Dictionaries in key order (never hash order), so equal states give equal bytes.</summary>
internal sealed class DictionaryCodec(Type type, ValueCodec key, ValueCodec value) : ValueCodec
{
    public override void Write(BinaryWriter writer, object? dictionary)
    {
        if (dictionary is not IDictionary map)
        {
            writer.Write(-1);
            return;
        }
        var entries = new List<DictionaryEntry>(map.Count);
        var enumerator = map.GetEnumerator();
        while (enumerator.MoveNext())
        {
            entries.Add(enumerator.Entry);
        }
        entries.Sort((a, b) => CanonicalComparer.Compare(a.Key, b.Key));
        writer.Write(entries.Count);
        foreach (var entry in entries)
        {
            key.Write(writer, entry.Key);
            value.Write(writer, entry.Value);
        }
    }

    public override object? Read(BinaryReader reader, object? existing)
    {
        int count = reader.ReadInt32();
        if (count < 0) return null;
        var map = existing as IDictionary ?? (IDictionary)Activator.CreateInstance(type)!;
        map.Clear();
        for (int i = 0; i < count; i++)
        {
            var k = key.Read(reader, null)!;
            map[k] = value.Read(reader, null);
        }
        return map;
    }

    public override void Describe(StringBuilder text, string path, HashSet<Type> seen)
    {
        key.Describe(text, path + "<key>", seen);
        value.Describe(text, path + "<value>", seen);
    }
}

internal sealed class SetCodec(Type type, ValueCodec element) : ValueCodec
{
    private readonly MethodInfo _add = type.GetMethod("Add")!;
    private readonly MethodInfo _clear = type.GetMethod("Clear")!;

    public override void Write(BinaryWriter writer, object? value)
    {
        if (value is not IEnumerable set)
        {
            writer.Write(-1);
            return;
        }
        var items = set.Cast<object>().OrderBy(x => x, Comparer<object>.Create(CanonicalComparer.Compare)).ToArray();
        writer.Write(items.Length);
        foreach (var item in items) element.Write(writer, item);
    }

    public override object? Read(BinaryReader reader, object? existing)
    {
        int count = reader.ReadInt32();
        if (count < 0) return null;
        var set = existing ?? Activator.CreateInstance(type)!;
        _clear.Invoke(set, null);
        for (int i = 0; i < count; i++) _add.Invoke(set, [element.Read(reader, null)]);
        return set;
    }

    public override void Describe(StringBuilder text, string path, HashSet<Type> seen) => element.Describe(text, path + "<set>", seen);
}

/// <summary>Orders keys for canonical output: comparable keys by their own order, anything else by their bytes.</summary>
internal static class CanonicalComparer
{
    public static int Compare(object? a, object? b)
    {
        if (a is IComparable comparable && b is not null && a.GetType() == b.GetType())
        {
            return a is string s ? string.CompareOrdinal(s, (string)b) : comparable.CompareTo(b);
        }
        var (x, y) = (Bytes(a), Bytes(b));
        return x.AsSpan().SequenceCompareTo(y);
    }

    private static byte[] Bytes(object? value)
    {
        if (value is null) return [];
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            StateCodec.For(value.GetType()).Write(writer, value);
        }
        return stream.ToArray();
    }
}

/// <summary>An <c>[InlineArray(N)]</c> struct, element by element (reflection sees only its first element's field).</summary>
internal sealed class InlineArrayCodec<TArray, TElement>(int length, ValueCodec element) : ValueCodec where TArray : struct
{
    public override void Write(BinaryWriter writer, object? value)
    {
        var array = (TArray)value!;
        ref var first = ref Unsafe.As<TArray, TElement>(ref array);
        for (int i = 0; i < length; i++) element.Write(writer, Unsafe.Add(ref first, i));
    }

    public override object? Read(BinaryReader reader, object? existing)
    {
        TArray array = default;
        ref var first = ref Unsafe.As<TArray, TElement>(ref array);
        for (int i = 0; i < length; i++) Unsafe.Add(ref first, i) = (TElement)element.Read(reader, null)!;
        return array;
    }

    public override void Describe(StringBuilder text, string path, HashSet<Type> seen) =>
        element.Describe(text, $"{path}[{length}]", seen);
}

/// <summary>A struct or an OrleansGov class: every instance field, base classes' included, in declaration order.</summary>
internal sealed class ObjectCodec(Type type) : ValueCodec
{
    private FieldCodec[] _fields = [];

    private sealed record FieldCodec(FieldInfo Field, Func<object, object?> Get, ValueCodec Codec);

    public void BuildFields()
    {
        var fields = new List<FieldCodec>();
        var chain = new Stack<Type>();
        for (var t = type; t is not null && t != typeof(object) && t != typeof(ValueType); t = t.BaseType) chain.Push(t);
        foreach (var level in chain)
        {
            foreach (var field in level.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (StateCodec.IsShared(field))
                {
                    continue; // the run's shared, read-only world: the fresh object already holds it
                }
                ValueCodec codec;
                try
                {
                    codec = StateCodec.For(field.FieldType);
                }
                catch (UnsupportedStateException ex)
                {
                    throw new UnsupportedStateException($"{StateCodec.Name(level)}.{field.Name}: {ex.Message}");
                }
                fields.Add(new FieldCodec(field, CompileGetter(field), codec));
            }
        }
        _fields = fields.ToArray();
    }

    private static Func<object, object?> CompileGetter(FieldInfo field)
    {
        var target = Expression.Parameter(typeof(object), "target");
        var owner = field.DeclaringType!;
        Expression typed = owner.IsValueType ? Expression.Unbox(target, owner) : Expression.Convert(target, owner);
        var body = Expression.Convert(Expression.Field(typed, field), typeof(object));
        return Expression.Lambda<Func<object, object?>>(body, target).Compile();
    }

    public override void Write(BinaryWriter writer, object? value)
    {
        if (!type.IsValueType)
        {
            writer.Write(value is not null);
            if (value is null) return;
            if (!type.IsSealed)
            {
                writer.Write(StateCodec.Tag(value.GetType()));
                if (value.GetType() != type)
                {
                    ((ObjectCodec)StateCodec.For(value.GetType())).WriteFields(writer, value);
                    return;
                }
            }
        }
        WriteFields(writer, value!);
    }

    private void WriteFields(BinaryWriter writer, object value)
    {
        foreach (var field in _fields) field.Codec.Write(writer, field.Get(value));
    }

    public override object? Read(BinaryReader reader, object? existing)
    {
        if (!type.IsValueType)
        {
            if (!reader.ReadBoolean()) return null;
            if (!type.IsSealed)
            {
                var actual = StateCodec.Resolve(reader.ReadString(), type);
                if (actual != type)
                {
                    return ((ObjectCodec)StateCodec.For(actual)).ReadFields(reader, existing);
                }
            }
        }
        return ReadFields(reader, existing);
    }

    private object ReadFields(BinaryReader reader, object? existing)
    {
        // Fill the fresh object in place when it is of this very type (its skipped fields keep the
        // shared world); otherwise start from an uninitialised instance. Structs are filled boxed.
        var target = existing is not null && existing.GetType() == type
            ? (type.IsValueType ? CopyBox(existing) : existing)
            : RuntimeHelpers.GetUninitializedObject(type);
        foreach (var field in _fields)
        {
            var current = field.Get(target);
            field.Field.SetValue(target, field.Codec.Read(reader, current));
        }
        return target;
    }

    private static object CopyBox(object boxed) => RuntimeHelpers.GetObjectValue(boxed)!;

    public override void Describe(StringBuilder text, string path, HashSet<Type> seen)
    {
        text.Append(path).Append(": ").Append(StateCodec.Name(type)).Append('\n');
        if (!seen.Add(type)) return;
        foreach (var field in _fields)
        {
            string fieldPath = path + "." + field.Field.Name;
            text.Append(fieldPath).Append(": ").Append(StateCodec.Name(field.Field.FieldType)).Append('\n');
            field.Codec.Describe(text, fieldPath, seen);
        }
    }
}
