#if canImport(Glibc)
import Glibc
#endif
import EmbeddingShell
import Foundation

/// The shell target's working directory: a few small files its commands may read, and the
/// session every input starts from, made from them once by `setup`.
final class Workspace {
    /// Inputs run one at a time, so the one workspace is never shared between threads.
    nonisolated(unsafe) static let shared = Workspace()

    /// Files the commands find in the working directory.
    static let files: [(name: String, contents: String)] = [
        ("corpus.txt", "the cat sat on the mat\nthe dog sat on the log\na king and a queen\nthe man and the woman\n"),
        ("vectors.txt", "4 3\nking 0.5 0.1 -0.2\nqueen 0.4 0.2 -0.1\nman 0.3 -0.3 0.1\nwoman 0.2 -0.2 0.3\n"),
        ("labelled.tsv", "pos\ta good fun film\nneg\ta bad dull film\npos\tgreat fun\nneg\tawful and dull\n"),
        ("pairs.tsv", "king\tqueen\t8.5\nman\twoman\t8.3\nking\tman\t5.0\n"),
        ("analogies.txt", ": royalty\nman king woman queen\nking man queen woman\n"),
        ("script.embsh", "echo from a script\nls\n"),
    ]

    /// Builds the session every input starts from.
    static let setup = [
        "tokenizer tok oov=<unk>",
        "fit tok file=corpus.txt",
        "table emb vocab=tok dim=4 seed=1",
        "import vec vectors.txt",
        "model clf embedding(20,4) gap dense(1,sigmoid)",
        "train clf data=labelled.tsv tokenizer=tok maxlen=6 epochs=2",
    ]

    let directory = Scratch.directory + "/workspace"
    private(set) var session = Session()
    /// Each file's identity and time of change when written, to see which a command replaced.
    private var written: [String: stat] = [:]

    private init() {
        mkdir(directory, 0o755)
        for file in Self.files { write(file) }
        let sink = BufferSink()
        let shell = Shell(sink: sink)
        shell.settings.threads = 1  // all on this thread, where LeakSanitizer ignores it (`prepare`)
        inside {
            for line in Self.setup where !shell.execute(line) {
                fatalError("embsh-fuzz: the shell workspace's setup failed at '\(line)': \(sink.stderr)")
            }
        }
        session = shell.session
    }

    /// Runs `body` in the workspace, then removes what it wrote and restores the files it changed.
    func inside<T>(_ body: () -> T) -> T {
        let previous = getcwd(nil, 0)!
        defer { chdir(previous); free(previous) }
        guard chdir(directory) == 0 else { fatalError("embsh-fuzz: cannot enter \(directory)") }
        defer { restore() }
        return body()
    }

    private func restore() {
        let found = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in found where written[name] == nil { unlink(directory + "/" + name) }
        for file in Self.files {
            var now = stat()
            let before = written[file.name]!
            if stat(directory + "/" + file.name, &now) != 0 || now.st_ino != before.st_ino || now.st_size != before.st_size
                || now.st_mtim.tv_sec != before.st_mtim.tv_sec || now.st_mtim.tv_nsec != before.st_mtim.tv_nsec {
                write(file)
            }
        }
    }

    private func write(_ file: (name: String, contents: String)) {
        var contents = file.contents
        let path = contents.withUTF8 { Scratch.write(UnsafeRawBufferPointer($0), to: "workspace/" + file.name) }
        var info = stat()
        stat(path, &info)
        written[file.name] = info
    }
}
