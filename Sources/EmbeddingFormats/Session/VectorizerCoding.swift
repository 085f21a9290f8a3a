import EmbeddingKit

/// How a `TextVectorizer` is written into and read from a session file's object descriptions
/// (object kind `vectorizer`, and inside a model trained with one): its settings by Keras's
/// names, then the learned tokens with their counts.
extension ByteWriter {
    mutating func vectorizer(_ state: TextVectorizerState) {
        let config = state.config
        int(config.maxTokens ?? -1)
        string(config.standardize.rawValue)
        string(config.split.rawValue)
        bool(config.ngrams != nil)
        if let widths = config.ngrams { ints(widths) }
        string(config.outputMode.rawValue)
        int(config.outputSequenceLength ?? -1)
        bool(config.padToMaxTokens)
        bool(state.isAdapted)
        int(state.documentCount)
        strings(state.tokens)
        ints(state.counts)
        ints(state.documentCounts)
    }
}

extension ByteReader {
    /// A vectorizer's description; names must be known, values are checked when the
    /// vectorizer is rebuilt from it.
    mutating func vectorizer(name: String) throws -> TextVectorizerState {
        let maxTokens = try int()
        let standardizeName = try string(), splitName = try string()
        let ngrams = try bool() ? try ints() : nil
        let modeName = try string()
        let sequenceLength = try int()
        guard let standardize = TextVectorizerConfig.Standardize(rawValue: standardizeName),
              let split = TextVectorizerConfig.Split(rawValue: splitName),
              let mode = TextVectorizerConfig.OutputMode(rawValue: modeName) else {
            throw SessionFileError.corrupt("vectorizer '\(name)' has an unknown standardize '\(standardizeName)', "
                + "split '\(splitName)' or output_mode '\(modeName)'")
        }
        let config = TextVectorizerConfig(maxTokens: maxTokens == -1 ? nil : maxTokens, standardize: standardize, split: split,
                                          ngrams: ngrams, outputMode: mode,
                                          outputSequenceLength: sequenceLength == -1 ? nil : sequenceLength,
                                          padToMaxTokens: try bool())
        return TextVectorizerState(config: config, isAdapted: try bool(), documentCount: try int(), tokens: try strings(),
                                   counts: try ints(), documentCounts: try ints())
    }
}
