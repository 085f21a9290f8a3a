import EmbeddingKit
import Foundation
import XCTest
@testable import EmbeddingShell

/// Issue 14: a Keras or gensim user's habits work where the meaning is the same, and mistakes
/// are caught and explained, with a caret under the word at fault.
final class ForgivingShellTests: XCTestCase {
    func testAnUnknownDoubleDashWordIsAnErrorWithASuggestionNeverData() {
        let padding = runScript("tokenizer t\ntokenize t \"a b\" --padding=post")
        XCTAssertTrue(padding.err.contains("tokenize: write padding=post, not --padding=post"), padding.err)
        let skip = runScript("tokenizer t\nfit t --skipbad \"x\"")
        XCTAssertTrue(skip.err.contains("unknown option '--skipbad' for fit (did you mean --skip_bad?)"), skip.err)
        XCTAssertEqual(skip.shell.session.names, ["t"])
        XCTAssertEqual(try skip.shell.session.tokenizer("t").documentCount, 0, "nothing was fitted")
        let quoted = runScript("tokenizer t\nfit t '--padding=post'\nvocab t")
        XCTAssertEqual(quoted.shell.failures, 0, "a quoted word is data: \(quoted.err)")
        let misspelt = runScript("tokenizer t num_word=5")
        XCTAssertTrue(misspelt.err.contains("unknown option 'num_word' for tokenizer (did you mean num_words=?)"), misspelt.err)
    }

    func testKerasAndGensimSpellingsWork() throws {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/corpus/topics.txt").path
        let run = runScript("""
            tokenizer t oov_token=<unk> num_words=20
            word2vec w file=\(corpus) vector_size=6 sg=0 workers=1 min_count=1 iter=1 seed=2
            nearest w cat topn=2
            """, format: .json)
        XCTAssertEqual(run.shell.failures, 0, run.err)
        XCTAssertEqual(try run.shell.session.tokenizer("t").config.oovToken, "<unk>")
        XCTAssertEqual(try run.shell.session.table("w").dim, 6)
        XCTAssertEqual(run.out.split(separator: "\n").last?.components(separatedBy: "\"word\"").count, 3, "topn=2: \(run.out)")
        XCTAssertTrue(runScript("word2vec w file=\(corpus) sg=2").err.contains("sg must be one of 0, 1 (got \"2\")"))
        let model = runScript("""
            model keras Embedding(input_dim=100, output_dim=8, mask_zero=True) GlobalAveragePooling1D \
            Dense(16, activation='relu') Dense(units=1, activation="sigmoid")
            """)
        XCTAssertEqual(model.shell.failures, 0, model.err)
        XCTAssertEqual(try model.shell.session.model("keras").model.config.layers.map(\.description),
                       ["embedding(100,8,mask_zero)", "gap", "dense(16,relu)", "dense(1,sigmoid)"])
        let typo = runScript("model m embedding(10, 4) gap dense(1, activaton=sigmoid)")
        XCTAssertTrue(typo.err.contains("dense has no argument 'activaton' (its arguments: units, activation)\n"
                                        + "  model m embedding(10, 4) gap dense(1, activaton=sigmoid)\n"
                                        + "                                        ^"), typo.err)
    }

    func testTheWrongKindOfObjectSuggestsTheCommandMeantForIt() {
        let run = runScript("model clf embedding(10,4) gap dense(1,sigmoid)\nfit clf data=x.tsv")
        XCTAssertTrue(run.err.contains("""
            error: 'clf' is a model, not a tokenizer; did you mean 'train clf'? fit is for tokenizers
              fit clf data=x.tsv
                  ^
            """), run.err)
    }

    func testAForgottenTableNameIsNamedAsSuch() {
        let run = runScript("table t rows=3 dim=2\nnearest king\nnearest tt king")
        XCTAssertTrue(run.err.contains("error: no table named 'king'\n  nearest king\n          ^"), run.err)
        XCTAssertTrue(run.err.contains("error: no table named 'tt' (did you mean 't'?)\n  nearest tt king\n          ^"), run.err)
    }

    func testRequiredOptionsShowInUsageAndABarePathGetsTheHint() {
        let run = runScript("word2vec w corpus.txt")
        XCTAssertTrue(run.err.contains("error: word2vec: missing file=FILE (did you mean file=corpus.txt?)\n"
                                       + "usage: word2vec NAME file=FILE [arch=sg|cbow]"), run.err)
        XCTAssertTrue(runScript("model m embedding(5,2) gap dense(1,sigmoid)\nextract m").err
            .contains("extract: missing as=NAME\nusage: extract MODEL as=NAME"))
    }

    func testAZeroVectorErrorPointsAtItsWord() {
        let run = runScript("tokenizer t\nfit t \"a cat\"\ntable z vocab=t dim=2 init=zeros\nnearest z a + cat")
        XCTAssertTrue(run.err.contains("'a' has a zero vector\n  nearest z a + cat\n            ^"), run.err)
    }

    /// Ctrl-D at the terminal with unsaved objects warns once, as `quit` and `open` do.
    func testEndOfInputAtTheTerminalWarnsOnceAboutUnsavedChanges() {
        let sink = BufferSink()
        let shell = Shell(sink: sink)
        shell.isInteractive = true
        var source = TerminalScript(lines: ["tokenizer t"], ends: 2)
        shell.run(&source)
        XCTAssertEqual(sink.stderr.components(separatedBy: "unsaved changes").count, 2, sink.stderr)
        XCTAssertEqual(source.endsRead, 2, "the second Ctrl-D leaves")
    }
}

/// Lines as typed at a terminal (no name), then Ctrl-D `ends` times.
private struct TerminalScript: LineSource {
    var lines: [String]
    var ends: Int
    var endsRead = 0
    let name: String? = nil
    var lineNumber = 0
    let recordsHistory = true

    mutating func read(continuation: Bool) -> LineRead {
        if lineNumber < lines.count {
            lineNumber += 1
            return .line(lines[lineNumber - 1])
        }
        endsRead += 1
        return .end
    }
}

/// Issue 14: help reads well — 80 columns without broken words, the whole layer grammar,
/// the command language, and the Keras and gensim spellings.
final class HelpPageTests: XCTestCase {
    func testEveryPageFitsEightyColumnsWithoutBreakingWords() {
        for topic in [""] + CommandTable.all.map(\.name) + ["syntax"] {
            let run = runScript("help \(topic)")
            XCTAssertEqual(run.shell.failures, 0, run.err)
            for line in run.out.split(separator: "\n") {
                XCTAssertLessThanOrEqual(displayWidth(String(line)), 80, "help \(topic): \(line)")
            }
            let words = { (text: String) in text.split(whereSeparator: { " \n\\".contains($0) }).map(String.init) }
            for spec in CommandTable.all where spec.name == topic {
                for option in spec.options {
                    XCTAssertTrue(words(run.out).contains("\(option.key)=\(option.kind.placeholder)"), "help \(topic): \(option.key)")
                    for alias in option.aliases { XCTAssertTrue(run.out.contains(alias.shown), "help \(topic) lists \(alias.shown)") }
                }
            }
        }
    }

    func testHelpModelListsTheWholeLayerGrammar() {
        let page = runScript("help model").out.replacingOccurrences(of: "\n", with: " ")
        for name in LayerSpec.names { XCTAssertTrue(page.contains(name), name) }
        for activation in Activation.allCases { XCTAssertTrue(page.contains(activation.rawValue), activation.rawValue) }
        for text in ["mask_zero", "input_dim", "output_dim", "units", "rate", "GlobalAveragePooling1D", "input_length=N"] {
            XCTAssertTrue(page.contains(text), text)
        }
    }

    func testHelpSyntaxExplainsTheCommandLanguage() {
        let page = runScript("help syntax").out
        for text in ["Quoting", "escapes", "Options", "--key", "Comments", "Continuation", "Exit status"] {
            XCTAssertTrue(page.contains(text), text)
        }
    }
}
