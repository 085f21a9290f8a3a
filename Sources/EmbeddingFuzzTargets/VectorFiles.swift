import EmbeddingFormats

/// The vector file targets: bytes read as a vector file by `VectorFileReader`, in memory.
enum VectorFiles {
    /// Tables larger than this are refused by the reader: an input of a few KB holds at most
    /// a million or so values, so a header or a shape claiming more must be caught early.
    static let memoryLimit: UInt64 = 16 << 20
    /// Separates the vectors from their words in the `tsv` and `npy` targets' inputs.
    static let wordsMarker = Array("=== words ===\n".utf8)

    /// Reads `input` as `format` (nil: detected), whole and then limited to one row with
    /// non-finite values allowed; the outcome is the first read's.
    static func read(_ input: UnsafeRawBufferPointer, format: VectorFormat?, words: WordList? = nil) -> FuzzOutcome {
        let outcome = attempt { _ = try VectorFileReader.read(bytes: input, format: format, words: words, memoryLimit: memoryLimit) }
        _ = attempt {
            _ = try VectorFileReader.read(bytes: input, format: format, words: words, limit: 1, allowNonFinite: true,
                                          memoryLimit: memoryLimit)
        }
        return outcome
    }

    /// Reads `input` as a fastText model, then composes a vector for a word outside it and writes
    /// the model back as a `.bin` (which must read again).
    static func readFastTextModel(_ input: UnsafeRawBufferPointer) -> FuzzOutcome {
        let outcome = read(input, format: .fasttextBin)
        guard outcome == .accepted,
              let table = try? VectorFileReader.read(bytes: input, format: .fasttextBin, memoryLimit: memoryLimit).table else { return outcome }
        _ = table.composedVector("naïve-word")
        let path = Scratch.directory + "/model.bin"
        guard (try? VectorFileWriter.write(table, to: path, format: .fasttextBin)) != nil,
              (try? VectorFileReader.read(path: path, memoryLimit: memoryLimit)) != nil else { return .refused }
        return outcome
    }

    /// Splits `input` at `wordsMarker` into vectors and a words file (read from disk, as
    /// `import` reads it), then reads the vectors as `format` and as detected.
    static func readWithWords(_ input: UnsafeRawBufferPointer, format: VectorFormat) -> FuzzOutcome {
        let split = input.firstRange(of: wordsMarker) ?? input.count ..< input.count
        let vectors = Scratch.exactCopy(UnsafeRawBufferPointer(rebasing: input[..<split.lowerBound]))
        defer { vectors.deallocate() }
        let wordsFile = UnsafeRawBufferPointer(rebasing: input[split.upperBound...])
        guard let words = try? WordsFile.read(path: Scratch.write(wordsFile, to: "words.tsv")) else { return .refused }
        let outcome = read(vectors, format: format, words: words)
        _ = read(vectors, format: nil, words: words)
        return outcome
    }
}
