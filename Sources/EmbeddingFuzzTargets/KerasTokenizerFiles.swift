import EmbeddingFormats
import EmbeddingKit

/// The Keras tokenizer target: the input is a Keras Tokenizer JSON file, read as `tokenizer
/// NAME from=FILE` reads it; a tokenizer read is used once and written back.
enum KerasTokenizerFiles {
    static func read(_ input: UnsafeRawBufferPointer) -> FuzzOutcome {
        let path = Scratch.write(input, to: "input.json")
        guard let tokenizer = try? KerasTokenizerJSON.read(path: path) else { return .refused }
        _ = tokenizer.textsToSequences(["the cat sat", "", "😀 <OOV>"])
        _ = KerasTokenizerJSON.encode(tokenizer)
        return .accepted
    }
}
