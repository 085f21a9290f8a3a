/// The named objects a user works with: tokenizers, tables and models, plus the log of
/// commands that changed them. A value type: commands work on a copy and the shell keeps
/// it only when the command succeeds, so a failed command changes nothing.
public struct Session {
    private var objects: [String: SessionObject] = [:]
    /// A remark `show` prints about an object (e.g. that its training was stopped early);
    /// it goes when the object is changed or dropped. Not saved in session files.
    private var remarks: [String: String] = [:]
    /// Names in creation order.
    public private(set) var names: [String] = []
    /// Commands that changed the session, in order (saved with it, so it shows how it was made).
    public var log: [String] = []
    /// Bumped by every change; compared with the value at the last save.
    public private(set) var generation = 0
    /// `generation` when the session was last saved or opened.
    public var savedGeneration = 0
    /// The session file it was last opened from or saved to (`save` without a file uses it).
    public var path: String?

    public init() {}

    /// Whether anything changed since the last save.
    public var hasUnsavedChanges: Bool { generation != savedGeneration }

    /// The object called `name`, or an error suggesting a close name.
    public func object(_ name: String, kind: ObjectKind? = nil) throws(ShellError) -> SessionObject {
        guard let object = objects[name] else {
            throw .noSuchObject(name, kind: kind, suggestion: closestName(to: name, kind: kind))
        }
        if let kind, object.kind != kind { throw .wrongKind(name, expected: kind, actual: object.kind) }
        return object
    }

    /// The name of an object (of `kind`, any when nil) closest to a misspelt `name`.
    func closestName(to name: String, kind: ObjectKind?) -> String? {
        closestMatch(to: name, among: names(of: kind))
    }

    /// Whether an object with this name exists.
    public func contains(_ name: String) -> Bool { objects[name] != nil }

    /// Names of objects of `kind` (all when nil), in creation order.
    public func names(of kind: ObjectKind?) -> [String] {
        names.filter { kind == nil || objects[$0]?.kind == kind }
    }

    /// Adds or replaces an object, with an optional remark for `show`. Refuses to replace
    /// one unless `replace` is set.
    public mutating func insert(_ object: SessionObject, as name: String, replace: Bool = false,
                                remark: String? = nil) throws(ShellError) {
        try checkInsert(name, replace: replace)
        if objects[name] == nil { names.append(name) }
        objects[name] = object
        remarks[name] = remark
        generation += 1
    }

    /// Throws what `insert` would for `name`, so a long command can fail before its work.
    public func checkInsert(_ name: String, replace: Bool = false) throws(ShellError) {
        guard isValidObjectName(name) else { throw .invalidName(name) }
        if let existing = objects[name], !replace { throw .objectExists(name, kind: existing.kind) }
    }

    /// The remark `show` prints about `name`, if any.
    public func remark(_ name: String) -> String? { remarks[name] }

    /// Replaces an existing object of the same name in place (e.g. after `fit` or `normalize`);
    /// its remark stays.
    public mutating func update(_ object: SessionObject, as name: String) {
        if objects[name] == nil { names.append(name) }
        objects[name] = object
        generation += 1
    }

    /// Removes an object.
    public mutating func drop(_ name: String) throws(ShellError) {
        _ = try object(name)
        objects[name] = nil
        remarks[name] = nil
        names.removeAll { $0 == name }
        generation += 1
    }

    /// Gives an object a new name, keeping its place in the list.
    public mutating func rename(_ old: String, to new: String) throws(ShellError) {
        let object = try object(old)
        guard isValidObjectName(new) else { throw .invalidName(new) }
        if let existing = objects[new] { throw .objectExists(new, kind: existing.kind) }
        objects[old] = nil
        objects[new] = object
        (remarks[old], remarks[new]) = (nil, remarks[old])
        names = names.map { $0 == old ? new : $0 }
        generation += 1
    }
}
