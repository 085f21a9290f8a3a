import EmbeddingKit

/// A phrase model as a session file describes it, not yet checked (kind 4, added after version
/// 1's first three kinds; files without it read as before): the settings, then per pass its
/// totals and its phrases with their scores and counts.
struct StoredPhrases {
    var minCount: Int
    var threshold: Double
    var scoring: String
    var delimiter: String
    var connectors: String
    var maxVocabSize: Int
    var stages: [Stage]

    struct Stage {
        var corpusWords: Int
        var vocabularySize: Int
        var phrases: [String]
        var scores: [Double]
        var counts: [Int]
    }

    init(_ model: PhraseModel) {
        let config = model.config
        minCount = config.minCount
        threshold = config.threshold
        scoring = config.scoring.rawValue
        delimiter = config.delimiter
        connectors = config.connectors.rawValue
        maxVocabSize = config.maxVocabSize
        stages = model.stages.map {
            Stage(corpusWords: $0.corpusWords, vocabularySize: $0.vocabularySize, phrases: $0.phrases, scores: $0.scores, counts: $0.counts)
        }
    }

    init(minCount: Int, threshold: Double, scoring: String, delimiter: String, connectors: String, maxVocabSize: Int, stages: [Stage]) {
        self.minCount = minCount
        self.threshold = threshold
        self.scoring = scoring
        self.delimiter = delimiter
        self.connectors = connectors
        self.maxVocabSize = maxVocabSize
        self.stages = stages
    }

    /// The model, checked as `PhrasesConfig.validate` and `PhraseStage` check their values;
    /// throws `SessionFileError.corrupt` naming the object.
    func model(name: String) throws -> PhraseModel {
        guard let scoring = PhraseScoring(rawValue: scoring), let connectors = PhraseConnectors(rawValue: connectors) else {
            throw SessionFileError.corrupt("phraser '\(name)' has an unknown scoring or connector list")
        }
        var config = PhrasesConfig()
        config.minCount = minCount
        config.threshold = threshold
        config.scoring = scoring
        config.delimiter = delimiter
        config.connectors = connectors
        config.maxVocabSize = maxVocabSize
        config.passes = stages.count
        do {
            let stages = try stages.map { stage throws(PhrasesError) in
                try PhraseStage(phrases: stage.phrases, scores: stage.scores, counts: stage.counts, corpusWords: stage.corpusWords,
                                vocabularySize: stage.vocabularySize)
            }
            return try PhraseModel(config: config, stages: stages)
        } catch {
            throw SessionFileError.corrupt("phraser '\(name)': \(error)")
        }
    }
}

extension ByteWriter {
    mutating func phrases(_ stored: StoredPhrases) {
        int(stored.minCount)
        double(stored.threshold)
        string(stored.scoring)
        string(stored.delimiter)
        string(stored.connectors)
        int(stored.maxVocabSize)
        int(stored.stages.count)
        for stage in stored.stages {
            int(stage.corpusWords)
            int(stage.vocabularySize)
            strings(stage.phrases)
            int(stage.scores.count)
            stage.scores.forEach { double($0) }
            ints(stage.counts)
        }
    }
}

extension ByteReader {
    /// What `ByteWriter.phrases` wrote; sizes are bounded by the bytes left, nothing else is trusted.
    mutating func phrases() throws -> StoredPhrases {
        let minCount = try int(), threshold = try double()
        let scoring = try string(), delimiter = try string(), connectors = try string()
        let maxVocabSize = try int()
        let stages = try (0 ..< (try count(limit: remaining / 40))).map { _ in
            let corpusWords = try int(), vocabularySize = try int()
            let phrases = try strings()
            let scores = try (0 ..< (try count(limit: remaining / 8))).map { _ in try double() }
            return StoredPhrases.Stage(corpusWords: corpusWords, vocabularySize: vocabularySize, phrases: phrases, scores: scores,
                                       counts: try ints())
        }
        return StoredPhrases(minCount: minCount, threshold: threshold, scoring: scoring, delimiter: delimiter, connectors: connectors,
                             maxVocabSize: maxVocabSize, stages: stages)
    }
}
