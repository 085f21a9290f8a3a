/// `tutorial`: a guided tour of the path from text to embedding vectors, run on a tiny
/// built-in corpus with the session's real commands, so every number shown is computed.
enum TutorialCommand {
    static let all = [tutorial]

    /// Names of the objects the tour creates and leaves in the session.
    static let objectNames = ["tour", "tour_vectors"]

    static let tutorial = CommandSpec(
        "tutorial", group: .learning,
        summary: "a guided tour: text → tokenizer → sequences → padding → one-hot vs embedding lookup",
        examples: ["tutorial"],
        jsonFields: ["tutorial", "commands", "objects"]
    ) { session, _, context in
        if let taken = objectNames.first(where: session.contains) {
            throw ShellError.message("the tour creates '\(taken)', which already exists (drop it or rename it first)", offset: nil)
        }
        let talks = context.settings.format != .json
        var commands = 0
        for (number, step) in steps.enumerated() {
            if talks { context.emit(Report([.text("\n" + step.narration + "\n\n")], json: .null)) }
            for command in step.commands {
                if talks && !context.settings.echo { context.emit(Report([.text("embsh> " + command)], json: .null)) }
                commands += 1
                let location = SourceLocation(file: "tutorial", line: number + 1)
                guard context.execute(command, location: location, session: &session) else {
                    throw AlreadyReported()
                }
            }
        }
        return Report([.text("\n" + farewell)],
                      json: .object([("tutorial", .string("done")), ("commands", .int(commands)),
                                     ("objects", .array(objectNames.map { .string($0) }))]))
    }

    /// One stop on the tour: what to notice, then the commands that show it.
    struct Step {
        let narration: String
        let commands: [String]
    }

    /// A few sentences written for the tour: pets, and royalty, so that words recur.
    static let corpus = [
        "The cat sat on the mat.",
        "The dog sat on the log.",
        "A cat chased a mouse.",
        "The dog chased the cat!",
        "A king and a queen ruled the land.",
        "The queen is a woman; the king is a man.",
        "The man walked the dog.",
        "The woman fed the cat.",
    ]

    static let steps = [
        Step(narration: """
            1. Text becomes integers. A tokenizer lowercases the text, strips punctuation,
               splits it on spaces and gives every word an index, the most frequent first.
               Index 0 is kept for padding; oov="<unk>" reserves index 1 for unseen words.
            """,
             commands: [#"tokenizer tour oov="<unk>""#,
                        "fit tour " + corpus.map { "\"\($0)\"" }.joined(separator: " "),
                        "vocab tour top=8"]),
        Step(narration: """
            2. Each text becomes a sequence of indices. 'barked' was never seen while
               fitting, so it becomes <unk> (index 1). Sequences differ in length.
            """,
             commands: [#"tokenize tour "The cat sat on the log." "A dog barked.""#]),
        Step(narration: """
            3. A batch needs equal lengths: padding adds 0s in front (the Keras default)
               and truncating cuts long texts from the front, here to 5 tokens.
            """,
             commands: [#"tokenize tour "The cat sat on the log." "A dog barked." maxlen=5"#]),
        Step(narration: """
            4. The one-hot way: one column per vocabulary entry, almost every cell 0. It
               grows with the vocabulary (10,000 words → 10,000 numbers per word), and two
               different one-hot words always have cosine 0: 'cat' is no closer to 'dog'
               than to 'land'.
            """,
             commands: [#"matrix tour "The cat sat on the log." "A dog barked.""#]),
        Step(narration: """
            5. An embedding table instead: one row of `dim` numbers per word index (here 4),
               random at first (uniform in ±0.05, as Keras does) and learned later by
               backpropagation. Looking a word up just reads its row — the same as
               multiplying its one-hot vector by the table.
            """,
             commands: ["table tour_vectors vocab=tour dim=4 seed=42",
                        "lookup tour_vectors cat dog"]),
        Step(narration: """
            6. A text becomes a 2-D array, one row per token: shape (length, dim). A padded
               batch becomes (batch, length, dim) — what a Keras Embedding layer hands on
               to Flatten or pooling, and then to a Dense layer.
            """,
             commands: [#"lookup tour_vectors "The cat sat on the log." via=tour"#,
                        #"lookup tour_vectors "The cat sat on the log." "A dog barked." via=tour"#]),
        Step(narration: """
            7. Similarity is the cosine of two rows. In an untrained table it is arbitrary;
               training moves words that are used alike closer together.
            """,
             commands: ["similarity tour_vectors cat dog",
                        "nearest tour_vectors cat k=3"]),
        Step(narration: "8. What the tour left in the session:",
             commands: ["ls"]),
    ]

    static let farewell = """
        Explore on your own: 'show tour', 'tokenize tour "your own text"',
        'nearest tour_vectors queen', 'help' for every command, 'help COMMAND' for one.
        """
}
