import EmbeddingKit
import Foundation
import XCTest
@testable import EmbeddingFormats

final class SessionFileTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("embsh-session-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private func sampleArchive() throws -> SessionArchive {
        var tokenizer = try Tokenizer(config: TokenizerConfig(numWords: 50, filters: "!?", lower: false, split: "|",
                                                              oovToken: "<unk>"))
        try tokenizer.fit(texts: ["Café|au|lait!", "au|revoir"])
        var labelled = try EmbeddingTable(rows: 3, dim: 5, init: .normal, scale: 1, seed: 7,
                                          labels: ["a", "b c", "ö"], counts: [9, 4, 1])
        var training = FastTextTrainingArguments()
        training.window = 3
        training.sample = 1e-5
        training.tokens = 123_456
        labelled.subwords = try SubwordVectors(settings: SubwordSettings(minn: 2, maxn: 3, bucket: 4), dim: 5,
                                               ngrams: (0 ..< 20).map { Float($0) / 7 }, output: (0 ..< 15).map { -Float($0) },
                                               training: training)
        let plain = try EmbeddingTable(rows: 2, dim: 3, values: [1, -2, .pi, 0, 1e-30, -0.0])
        return SessionArchive(objects: [("tok", .tokenizer(tokenizer)), ("vectors", .table(labelled)), ("raw", .table(plain))],
                              log: ["tokenizer tok …", "fit tok \"x\""])
    }

    func testRoundTripKeepsEveryObjectExactly() throws {
        let archive = try sampleArchive()
        try SessionFileWriter.write(archive, to: path("a.session"))
        let back = try SessionFileReader.read(path: path("a.session"))
        XCTAssertEqual(back.log, archive.log)
        XCTAssertEqual(back.objects.map(\.name), ["tok", "vectors", "raw"])
        if case .table(let vectors) = back.objects[1].object { XCTAssertNotNil(vectors.composedVector("ab")) } else { XCTFail() }
        for (original, restored) in zip(archive.objects, back.objects) {
            switch (original.object, restored.object) {
            case let (.tokenizer(a), .tokenizer(b)):
                XCTAssertEqual(a.state, b.state)
            case let (.table(a), .table(b)):
                XCTAssertEqual(a.values.map(\.bitPattern), b.values.map(\.bitPattern), "bit for bit")
                XCTAssertEqual(a.labels, b.labels)
                XCTAssertEqual(a.counts, b.counts)
                XCTAssertEqual([a.rows, a.dim], [b.rows, b.dim])
                XCTAssertEqual(a.subwords?.settings, b.subwords?.settings)
                XCTAssertEqual(a.subwords?.ngrams, b.subwords?.ngrams)
                XCTAssertEqual(a.subwords?.output, b.subwords?.output)
                XCTAssertEqual(a.subwords?.training, b.subwords?.training)
            default:
                XCTFail("\(original.name) changed kind")
            }
        }
    }

    /// Subword vectors without a corpus token count (imported from a `.vec`, or saved by an embsh
    /// from before the count) read back without one; with one, it reads back.
    func testSubwordTokenCountIsKeptOnlyWhenKnown() throws {
        for tokens in [nil, 42] as [Int?] {
            var table = try EmbeddingTable(rows: 1, dim: 2, values: [1, 2], labels: ["ab"])
            var training = FastTextTrainingArguments()
            training.tokens = tokens
            table.subwords = try SubwordVectors(settings: SubwordSettings(minn: 2, maxn: 2, bucket: 3), dim: 2,
                                                ngrams: [1, 2, 3, 4, 5, 6], output: nil, training: training)
            try SessionFileWriter.write(SessionArchive(objects: [("t", .table(table))], log: []), to: path("t.session"))
            guard case .table(let back) = try SessionFileReader.read(path: path("t.session")).objects[0].object else { return XCTFail() }
            XCTAssertEqual(back.subwords?.training.tokens, tokens)
        }
    }

    func testTableValuesAreAlignedForUseInPlace() throws {
        try SessionFileWriter.write(try sampleArchive(), to: path("a.session"))
        let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent("a.session")))
        XCTAssertEqual(Array(bytes[0 ..< 8]), Array("EMBSHSES".utf8))
        // The first table starts right after the 64-byte header.
        let first = try EmbeddingTable(rows: 3, dim: 5, init: .normal, scale: 1, seed: 7)
        let stored = bytes[64 ..< 64 + 15 * 4].withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        XCTAssertEqual(stored, first.values)
    }

    func testOpenedTablesUseTheFileInPlaceAndCopyOnChange() throws {
        try SessionFileWriter.write(try sampleArchive(), to: path("a.session"))
        let before = try Data(contentsOf: directory.appendingPathComponent("a.session"))
        var archive = try SessionFileReader.read(path: path("a.session"))
        guard case .table(var table) = archive.objects[1].object else { return XCTFail("not a table") }
        archive.objects.removeAll()
        XCTAssertTrue(table.isBorrowingValues)
        let original = table.values
        XCTAssertEqual(try table.nearest(query: "a", k: 2).map(\.word).sorted(), ["b c", "ö"], "queries read the file's values")
        table.normalize()
        XCTAssertFalse(table.isBorrowingValues, "a change works on a copy")
        XCTAssertNotEqual(table.values, original)
        XCTAssertEqual(try Data(contentsOf: directory.appendingPathComponent("a.session")), before, "the file is untouched")
    }

    func testEveryTruncationIsRefusedWithoutCrashing() throws {
        try SessionFileWriter.write(try sampleArchive(), to: path("a.session"))
        let bytes = try Data(contentsOf: directory.appendingPathComponent("a.session"))
        for length in 0 ..< bytes.count {
            try bytes.prefix(length).write(to: directory.appendingPathComponent("cut.session"))
            XCTAssertThrowsError(try SessionFileReader.read(path: path("cut.session")), "cut at \(length)") {
                XCTAssertTrue($0 is SessionFileError, "\($0)")
            }
        }
    }

    func testEveryDamagedByteIsCaughtOrHarmless() throws {
        let archive = try sampleArchive()
        try SessionFileWriter.write(archive, to: path("a.session"))
        let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent("a.session")))
        var refused = 0
        for position in bytes.indices {
            var damaged = bytes
            damaged[position] ^= 0x5A
            try Data(damaged).write(to: directory.appendingPathComponent("bad.session"))
            do {
                // Only padding bytes may change without notice, and then nothing read differs.
                let back = try SessionFileReader.read(path: path("bad.session"))
                XCTAssertEqual(back.objects.map(\.name), archive.objects.map(\.name), "byte \(position)")
            } catch {
                XCTAssertTrue(error is SessionFileError, "byte \(position): \(error)")
                refused += 1
            }
        }
        XCTAssertGreaterThan(refused, bytes.count * 3 / 4)
    }

    func testOtherFilesAndNewerVersionsAreRefusedClearly() throws {
        try Data("word2vec 1 2\n".utf8).write(to: directory.appendingPathComponent("text.session"))
        XCTAssertThrowsError(try SessionFileReader.read(path: path("text.session"))) {
            XCTAssertEqual($0 as? SessionFileError, .notASession(path: self.path("text.session")))
        }
        XCTAssertThrowsError(try SessionFileReader.read(path: path("missing.session"))) {
            XCTAssertEqual(($0 as? SessionFileError)?.description, "\(self.path("missing.session")): no such file")
        }
        try SessionFileWriter.write(try sampleArchive(), to: path("a.session"))
        var bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent("a.session")))
        bytes[8] = 4
        try Data(bytes).write(to: directory.appendingPathComponent("future.session"))
        XCTAssertThrowsError(try SessionFileReader.read(path: path("future.session"))) {
            XCTAssertEqual($0 as? SessionFileError, .newerVersion(path: self.path("future.session"), version: 4, supported: 3))
        }
    }

    func testAFailedWriteLeavesTheOldFile() throws {
        try SessionFileWriter.write(try sampleArchive(), to: path("a.session"))
        let before = try Data(contentsOf: directory.appendingPathComponent("a.session"))
        XCTAssertThrowsError(try AtomicFile.write(to: path("a.session")) { _ in throw CocoaError(.fileWriteUnknown) })
        XCTAssertEqual(try Data(contentsOf: directory.appendingPathComponent("a.session")), before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.contains(".tmp-") }
        XCTAssertEqual(leftovers, [], "the temporary file is removed")
        XCTAssertThrowsError(try SessionFileWriter.write(try sampleArchive(), to: directory.path)) {
            XCTAssertEqual(($0 as? AtomicFileError)?.reason, "is a directory")
        }
    }

    func testChecksumSeesEveryChunkAndOrder() {
        let a = [UInt8](repeating: 1, count: 3 << 20)
        var b = a
        b[(2 << 20) + 5] = 2
        a.withUnsafeBytes { x in
            b.withUnsafeBytes { y in XCTAssertNotEqual(Checksum.of(x), Checksum.of(y)) }
            XCTAssertEqual(Checksum.of(x), Checksum.of(x))
            XCTAssertNotEqual(Checksum.of(UnsafeRawBufferPointer(rebasing: x.prefix(100))),
                              Checksum.of(UnsafeRawBufferPointer(rebasing: x.prefix(101))))
        }
    }

    func testInMemoryReaderReadsWhatTheFileReaderReads() throws {
        try SessionFileWriter.write(try sampleArchive(), to: path("a.session"))
        let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent("a.session")))
        let fromMemory = try SessionFileReader.read(bytes: bytes)
        let fromFile = try SessionFileReader.read(path: path("a.session"))
        XCTAssertEqual(fromMemory.objects.map(\.name), fromFile.objects.map(\.name))
        XCTAssertEqual(fromMemory.log, fromFile.log)
        guard case .table(let table) = fromMemory.objects[1].object, case .table(let original) = fromFile.objects[1].object else {
            return XCTFail("not a table")
        }
        XCTAssertTrue(table.isBorrowingValues, "tables use the copy in place, as they use a mapping")
        XCTAssertEqual(table.values.map(\.bitPattern), original.values.map(\.bitPattern))
        XCTAssertThrowsError(try SessionFileReader.read(bytes: [])) {
            XCTAssertEqual($0 as? SessionFileError, .truncated(path: "(session bytes)", size: 0, needed: 64))
        }
    }

    func testInMemoryReaderRefusesAnyBytesWithoutTrapping() throws {
        try SessionFileWriter.write(try sampleArchive(), to: path("a.session"))
        let bytes = try [UInt8](Data(contentsOf: directory.appendingPathComponent("a.session")))
        var generator = Xoshiro256StarStar(seed: 13)
        for length in stride(from: 0, to: bytes.count, by: 7) {
            XCTAssertThrowsError(try SessionFileReader.read(bytes: Array(bytes.prefix(length))), "cut at \(length)")
        }
        for round in 0 ..< 2000 {
            var noise = (0 ..< Int(generator.next() % 200)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if round % 2 == 0 { noise = Array(bytes.prefix(64)) + noise }
            XCTAssertThrowsError(try SessionFileReader.read(bytes: noise), "round \(round)") {
                XCTAssertTrue($0 is SessionFileError, "round \(round): \($0)")
            }
        }
    }

    func testAModelWithALongHistoryWithoutValidationRoundTrips() throws {
        // 34 bytes per epoch without validation values: the count must not be bounded by a larger size.
        let config = try ModelConfig(parsing: ["embedding(10,2)", "gap", "dense(1,sigmoid)"])
        var state = SequentialModel(config: config).state
        state.history = (1 ... 300).map { EpochLog(epoch: $0, loss: 0.5, accuracy: 0.75, validationLoss: nil, validationAccuracy: nil,
                                                    seconds: 0.01) }
        let classifier = try TextClassifier(state: TextClassifierState(model: state, tokenizer: nil, tokenizerName: nil, maxlen: nil,
                                                                        padding: .post, truncating: .pre, labels: []))
        try SessionFileWriter.write(SessionArchive(objects: [("clf", .model(classifier))]), to: path("m.session"))
        let back = try SessionFileReader.read(path: path("m.session"))
        guard case .model(let restored) = back.objects[0].object else { return XCTFail("not a model") }
        XCTAssertEqual(restored.state, classifier.state)
    }
}
