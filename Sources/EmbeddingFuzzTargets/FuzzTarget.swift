/// The fuzz targets: each feeds arbitrary bytes to one reader or to the shell. The same
/// functions serve libFuzzer (`embsh-fuzz`, built by `Scripts/fuzz`) and the XCTest that
/// replays the seeds and every saved regression input.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// Command lines run by a shell holding a small session (lexer, arguments, dispatch).
    case shell
    /// word2vec text, as the format named explicitly.
    case word2vecText = "word2vec-text"
    case word2vecBinary = "word2vec-binary"
    case glove
    case fasttext
    /// A fastText model `.bin`, read and then asked for a word's vector composed from n-grams.
    case fasttextBin = "fasttext-bin"
    /// Any vector file, its format detected from the content.
    case vectors
    /// Projector TSV vectors, then `VectorFiles.wordsMarker`, then the words (metadata) file.
    case tsv
    /// A `.npy` array, then `VectorFiles.wordsMarker`, then the words file.
    case npy
    /// A session file, opened as `open` does and each object then used once.
    case session
    /// A corpus file, read as lines, TSV and fastText, and fitted by a tokenizer.
    case corpus
    /// Labelled texts for `train`/`evaluate`: `label<TAB>text`, CSV and fastText.
    case labelled
    /// Word-pair and analogy files for `evaluate`, on a small table.
    case evaluation
    /// Keras Tokenizer JSON (`tokenizer NAME from=FILE`).
    case kerasTokenizer = "keras-tokenizer"

    /// The largest input worth trying (libFuzzer's `-max_len`): room for a few rows or
    /// lines, small enough that every execution stays fast.
    public var maxLength: Int {
        switch self {
        case .shell: return 512
        case .session: return 8192
        case .npy, .corpus: return 2048
        default: return 4096
        }
    }

    /// Builds what the target's inputs share (the shell's workspace, the evaluation table)
    /// before the first input, so that neither its time nor its memory is charged to an input.
    public func prepare() {
        withLeaksIgnored {
            switch self {
            case .shell: _ = Workspace.shared
            case .evaluation: _ = EvaluationFiles.table
            default: break
            }
        }
    }

    /// Runs the target on `input`; a crash, a leak or a hang is the finding.
    public func run(_ input: UnsafeRawBufferPointer) -> FuzzOutcome {
        switch self {
        case .shell: return ShellLines.run(input)
        case .word2vecText: return VectorFiles.read(input, format: .word2vec)
        case .word2vecBinary: return VectorFiles.read(input, format: .word2vecBinary)
        case .glove: return VectorFiles.read(input, format: .glove)
        case .fasttext: return VectorFiles.read(input, format: .fasttext)
        case .fasttextBin: return VectorFiles.readFastTextModel(input)
        case .vectors: return VectorFiles.read(input, format: nil)
        case .tsv: return VectorFiles.readWithWords(input, format: .tsv)
        case .npy: return VectorFiles.readWithWords(input, format: .npy)
        case .session: return SessionFiles.open(input)
        case .corpus: return CorpusFiles.read(input)
        case .labelled: return CorpusFiles.readLabelled(input)
        case .evaluation: return EvaluationFiles.evaluate(input)
        case .kerasTokenizer: return KerasTokenizerFiles.read(input)
        }
    }

    /// libFuzzer dictionary entries (`"word"` lines) that help mutations form valid input.
    public var dictionary: [String] {
        switch self {
        case .shell: return ShellLines.dictionary
        default: return []
        }
    }
}
