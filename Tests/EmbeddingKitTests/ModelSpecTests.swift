import XCTest
import EmbeddingKit

final class ModelSpecTests: XCTestCase {
    private func parseError(_ spec: String) -> ModelError? {
        do {
            _ = try LayerSpec(parsing: spec)
            return nil
        } catch {
            return error
        }
    }

    private func configError(_ specs: [String], inputLength: Int? = 40) -> ModelError? {
        do {
            _ = try ModelConfig(parsing: specs, inputLength: inputLength)
            return nil
        } catch {
            return error
        }
    }

    func testSpecsParseAndPrintBack() throws {
        let cases: [(String, LayerSpec)] = [
            ("embedding(10000,16)", .embedding(inputDim: 10000, outputDim: 16, maskZero: false)),
            ("Embedding( 100 , 8 , mask_zero )", .embedding(inputDim: 100, outputDim: 8, maskZero: true)),
            ("Embedding(100, 8, weights='glove', trainable=False)",
             .embedding(inputDim: 100, outputDim: 8, maskZero: false, trainable: false, weights: "glove")),
            ("embedding(100,8,mask_zero,trainable=false)", .embedding(inputDim: 100, outputDim: 8, maskZero: true, trainable: false)),
            ("embedding(100,8,trainable=True,weights=glove.6B)",
             .embedding(inputDim: 100, outputDim: 8, maskZero: false, trainable: true, weights: "glove.6B")),
            ("flatten", .flatten), ("flatten()", .flatten), ("gap", .globalAveragePooling), ("gmp", .globalMaxPooling),
            ("dense(16,relu)", .dense(units: 16, activation: .relu)), ("dense(3)", .dense(units: 3, activation: .linear)),
            ("dense(1, Sigmoid)", .dense(units: 1, activation: .sigmoid)), ("dropout(0.5)", .dropout(rate: 0.5)),
            ("SpatialDropout1D(rate=0.2)", .spatialDropout(rate: 0.2)), ("spatialdropout1d(0.5)", .spatialDropout(rate: 0.5)),
            ("conv1d(64,5,relu)", .conv1d(filters: 64, kernelSize: 5, activation: .relu, strides: 1, padding: .valid)),
            ("Conv1D(128, 7, activation='relu', strides=3, padding='same')",
             .conv1d(filters: 128, kernelSize: 7, activation: .relu, strides: 3, padding: .same)),
            ("conv1d(filters=8,kernel_size=3)", .conv1d(filters: 8, kernelSize: 3, activation: .linear, strides: 1, padding: .valid)),
            ("maxpool1d(4)", .pooling1d(.max, size: 4, strides: nil, padding: .valid)),
            ("MaxPooling1D", .pooling1d(.max, size: 2, strides: nil, padding: .valid)),
            ("AveragePooling1D(pool_size=3, strides=1, padding='same')", .pooling1d(.average, size: 3, strides: 1, padding: .same)),
            ("avgpool1d(2,strides=2)", .pooling1d(.average, size: 2, strides: 2, padding: .valid)),
            ("lstm(70)", .recurrent(RecurrentSpec(kind: .lstm, units: 70))),
            ("LSTM(64, return_sequences=True)", .recurrent(RecurrentSpec(kind: .lstm, units: 64, returnSequences: true))),
            ("gru(32,return_sequences)", .recurrent(RecurrentSpec(kind: .gru, units: 32, returnSequences: true))),
            ("bidirectional(lstm(64,return_sequences))",
             .bidirectional(RecurrentSpec(kind: .lstm, units: 64, returnSequences: true))),
            ("Bidirectional(GRU(8, return_sequences=False), merge_mode='concat')", .bidirectional(RecurrentSpec(kind: .gru, units: 8))),
        ]
        for (text, expected) in cases {
            let spec = try LayerSpec(parsing: text)
            XCTAssertEqual(spec, expected, text)
            XCTAssertEqual(try LayerSpec(parsing: spec.description), spec, spec.description)
        }
        XCTAssertEqual(LayerSpec.dense(units: 16, activation: .relu).description, "dense(16,relu)")
        XCTAssertEqual(LayerSpec.embedding(inputDim: 10, outputDim: 2, maskZero: true).description, "embedding(10,2,mask_zero)")
        XCTAssertEqual(LayerSpec.embedding(inputDim: 10, outputDim: 2, maskZero: true, trainable: false, weights: "g").description,
                       "embedding(10,2,mask_zero,trainable=false,weights=g)")
    }

    func testParseErrorsPointAtTheProblem() {
        let cases: [(String, Int, String)] = [
            ("", 0, "empty layer spec"),
            ("rnn(32)", 0, "unknown layer 'rnn' (expected one of: embedding, flatten, gap, gmp, dense, dropout, spatialdropout1d, "
                + "conv1d, maxpool1d, avgpool1d, lstm, gru, bidirectional, or Keras's class names)"),
            ("conv1d(64)", 10, "conv1d takes (filters, kernel_size[, activation][, strides=S][, padding=valid|same]), got 1 argument"),
            ("conv1d(64,0,relu)", 10, "kernel_size must be a whole number from 1 to 1000000, got '0'"),
            ("conv1d(64,5,relu,strides=0)", 25, "strides must be a whole number from 1 to 1000000, got '0'"),
            ("conv1d(64,5,relu,padding=causal)", 25, "padding must be valid or same, got 'causal'"),
            ("maxpool1d(0)", 10, "pool_size must be a whole number from 1 to 1000000, got '0'"),
            ("lstm(0)", 5, "units must be a whole number from 1 to 1000000, got '0'"),
            ("gru(8,return_sequences=maybe)", 23, "expected return_sequences (or True/False), got 'maybe'"),
            ("bidirectional(dense(4))", 14, "bidirectional wraps a recurrent layer, lstm(…) or gru(…), got 'dense(4)'"),
            ("bidirectional(lstm(x))", 19, "units must be a whole number from 1 to 1000000, got 'x'"),
            ("bidirectional(lstm(4),merge_mode=sum)", 33,
             "merge_mode must be 'concat' (the outputs of both directions side by side), got 'sum'"),
            ("dense(16,relu", 13, "missing ')'"),
            ("dense(16,relu)x", 14, "unexpected text after ')'"),
            ("dense[16]", 5, "expected '(' after 'dense'"),
            ("dense(sixteen)", 6, "units must be a whole number from 1 to 1000000, got 'sixteen'"),
            ("dense(0)", 6, "units must be a whole number from 1 to 1000000, got '0'"),
            ("dense(1000001)", 6, "units must be a whole number from 1 to 1000000, got '1000001'"),
            ("embedding(9223372036854775807,8)", 10,
             "input_dim must be a whole number from 1 to 10000000, got '9223372036854775807'"),
            ("embedding(99999999999999999999,8)", 10,
             "input_dim must be a whole number from 1 to 10000000, got '99999999999999999999'"),
            ("embedding(10,-8)", 13, "output_dim must be a whole number from 1 to 100000, got '-8'"),
            ("dropout(nan)", 8, "rate must be a number in [0, 1), got 'nan'"),
            ("dropout(-0.1)", 8, "rate must be a number in [0, 1), got '-0.1'"),
            ("dense(16,gelu)", 9, "unknown activation 'gelu' (expected one of: linear, relu, sigmoid, softmax, tanh)"),
            ("dense(16,)", 9, "empty argument"),
            ("dense()", 7, "dense takes (units[, activation]), got 0 arguments"),
            ("embedding(100)", 14, "embedding takes (input_dim, output_dim[, mask_zero][, trainable=False][, weights=TABLE]), got 1 argument"),
            ("embedding(100,8,maybe)", 16, "expected mask_zero (or True/False), got 'maybe'"),
            ("embedding(100,8,mask_zero,1)", 26,
             "embedding takes (input_dim, output_dim[, mask_zero][, trainable=False][, weights=TABLE]), got 4 arguments"),
            ("embedding(100,8,trainable=maybe)", 26, "expected True or False for trainable, got 'maybe'"),
            ("embedding(100,8,weights=1x)", 24, "weights must name a table of the session, got '1x'"),
            ("embedding(100,weights=glove)", 28,
             "embedding takes (input_dim, output_dim[, mask_zero][, trainable=False][, weights=TABLE]), got 2 arguments"),
            ("dropout(1)", 8, "rate must be a number in [0, 1), got '1'"),
            ("gap(2)", 4, "gap takes no arguments"),
        ]
        for (text, offset, reason) in cases {
            XCTAssertEqual(parseError(text), .badLayerSpec(spec: text, offset: offset, reason: reason), text)
        }
        XCTAssertEqual(ModelError.badLayerSpec(spec: "dense(0)", offset: 6, reason: "r").description,
                       "bad layer spec 'dense(0)' at character 6: r")
    }

    func testShapeErrorsNameTheLayerAndWhy() {
        XCTAssertEqual(configError(["embedding(100,8)", "gap", "spatialdropout1d(0.2)", "dense(1,sigmoid)"]),
                       .incompatibleLayer(index: 2, spec: "spatialdropout1d(0.2)", reason: "spatialdropout1d drops whole features "
                           + "of a sequence and needs (None, steps, features), but layer 1 (gap) gives (None, 8); use dropout on flat inputs"))
        XCTAssertEqual(configError(["embedding(100,8)", "flatten", "gap", "dense(1,sigmoid)"]),
                       .incompatibleLayer(index: 2, spec: "gap", reason: "gap pools over steps and needs a sequence "
                           + "(None, steps, features), but layer 1 (flatten) gives (None, 320)"))
        XCTAssertEqual(configError(["gap", "embedding(100,8)", "dense(1,sigmoid)"]),
                       .incompatibleLayer(index: 0, spec: "gap",
                                          reason: "the first layer must be an embedding: the model's input is a sequence of word indices"))
        XCTAssertEqual(configError(["embedding(100,8)", "embedding(100,8)", "gap", "dense(1,sigmoid)"]),
                       .incompatibleLayer(index: 1, spec: "embedding(100,8)", reason: "embedding must be the first layer: "
                           + "it maps word indices to vectors and only the model's input holds word indices"))
        XCTAssertEqual(configError(["embedding(100,8)", "flatten", "dense(1,sigmoid)"], inputLength: nil),
                       .incompatibleLayer(index: 1, spec: "flatten", reason: "flatten needs a known number of steps: give input_length=N"))
        XCTAssertEqual(configError(["embedding(100,8)", "dense(1,sigmoid)"]),
                       .incompatibleLayer(index: 1, spec: "dense(1,sigmoid)", reason: "dense needs a flat input (None, features), "
                           + "but layer 0 (embedding(100,8)) gives (None, 40, 8); put flatten, gap or gmp before it"))
        XCTAssertEqual(configError(["embedding(100,8)", "gap", "dense(3,sigmoid)"]),
                       .incompatibleLayer(index: 2, spec: "dense(3,sigmoid)", reason: "a sigmoid output has 1 unit "
                           + "(binary cross-entropy); use dense(3,softmax) for 3 classes"))
        XCTAssertEqual(configError(["embedding(100,8)", "gap", "dense(1,softmax)"]),
                       .incompatibleLayer(index: 2, spec: "dense(1,softmax)",
                                          reason: "a softmax output needs at least 2 units; use dense(1,sigmoid) for two classes"))
        if case .incompatibleLayer(2, "dropout(0.5)", _)? = configError(["embedding(100,8)", "gap", "dropout(0.5)"]) {} else {
            XCTFail("a model must end with its output layer")
        }
        XCTAssertEqual(configError(["embedding(100,8)", "conv1d(4,5)", "gmp", "dense(1,sigmoid)"], inputLength: 3),
                       .incompatibleLayer(index: 1, spec: "conv1d(4,5,linear)", reason: "kernel_size 5 is longer than the 3 steps "
                           + "layer 0 (embedding(100,8)) gives; lower kernel_size or use padding=same"))
        XCTAssertEqual(configError(["embedding(100,8)", "conv1d(4,2)", "maxpool1d(3)", "gmp", "dense(1,sigmoid)"], inputLength: 3),
                       .incompatibleLayer(index: 2, spec: "maxpool1d(3)", reason: "pool_size 3 is longer than the 2 steps "
                           + "layer 1 (conv1d(4,2,linear)) gives; lower pool_size or use padding=same"))
        XCTAssertEqual(configError(["embedding(100,8)", "gap", "lstm(4)", "dense(1,sigmoid)"]),
                       .incompatibleLayer(index: 2, spec: "lstm(4)", reason: "lstm runs over the steps of a sequence and needs "
                           + "(None, steps, features), but layer 1 (gap) gives (None, 8)"))
        XCTAssertEqual(configError(["embedding(100,8)", "lstm(4)", "conv1d(2,2)", "gmp", "dense(1,sigmoid)"]),
                       .incompatibleLayer(index: 2, spec: "conv1d(2,2,linear)", reason: "conv1d slides over the steps of a "
                           + "sequence and needs (None, steps, features), but layer 1 (lstm(4)) gives (None, 4)"))
        XCTAssertNil(configError(["embedding(100,8)", "conv1d(4,5,padding=same)", "gmp", "dense(1,sigmoid)"], inputLength: 3))
        XCTAssertEqual(configError([]), .noLayers)
        XCTAssertEqual(configError(["embedding(100,8)", "gap", "dense(1,sigmoid)"], inputLength: 0), .invalidInputLength(0))
        if case .tooLarge? = configError(["embedding(10000000,1000)", "gap", "dense(1,sigmoid)"]) {} else {
            XCTFail("10^10 parameters must be refused")
        }
        XCTAssertEqual(configError(["embedding(1000,1000)", "flatten", "dense(100000,softmax)"], inputLength: 1000)?.description,
                       "the model would have 100001100000 parameters, more than 1073741824")
        XCTAssertEqual(configError(["embedding(100,8)", "gap", "dense(1,sigmoid)"], inputLength: 1_000_001),
                       .invalidInputLength(1_000_001))
        XCTAssertEqual(ModelError.invalidInputLength(-3).description, "input_length must be from 1 to 1000000, got -3")
        XCTAssertEqual(ModelError.tooLarge(parameters: .infinity).description, "the model would have inf parameters, more than 1073741824")
        XCTAssertEqual(ModelError.incompatibleLayer(index: 2, spec: "gap", reason: "why").description, "layer 2 (gap): why")
    }

    func testLayersBuiltInCodeMeetTheSameLimitsAsParsedOnes() {
        func error(_ layers: [LayerSpec], inputLength: Int? = nil) -> String? {
            do {
                _ = try ModelConfig(layers: layers, inputLength: inputLength)
                return nil
            } catch {
                return error.description
            }
        }
        let output = LayerSpec.dense(units: 1, activation: .sigmoid)
        XCTAssertEqual(error([.embedding(inputDim: .max, outputDim: 8, maskZero: false), .globalAveragePooling, output]),
                       "layer 0 (embedding(9223372036854775807,8)): input_dim must be a whole number from 1 to 10000000, "
                           + "got 9223372036854775807")
        XCTAssertEqual(error([.embedding(inputDim: 10, outputDim: 0, maskZero: false), .globalAveragePooling, output]),
                       "layer 0 (embedding(10,0)): output_dim must be a whole number from 1 to 100000, got 0")
        XCTAssertEqual(error([.embedding(inputDim: 10, outputDim: 4, maskZero: false), .dropout(rate: .nan),
                              .globalAveragePooling, output]),
                       "layer 1 (dropout(nan)): rate must be a number in [0, 1), got nan")
        XCTAssertEqual(error([.embedding(inputDim: 10, outputDim: 4, maskZero: false), .globalAveragePooling,
                              .dense(units: -5, activation: .relu), output]),
                       "layer 2 (dense(-5,relu)): units must be a whole number from 1 to 1000000, got -5")
        XCTAssertEqual(error([.embedding(inputDim: 10, outputDim: 4, maskZero: false), .globalAveragePooling, output],
                             inputLength: .min), "input_length must be from 1 to 1000000, got -9223372036854775808")
        // The largest arguments everywhere: refused by the parameter count, never by an overflow.
        let widest = LayerSpec.dense(units: LayerSpec.unitsRange.upperBound, activation: .relu)
        XCTAssertEqual(error([.embedding(inputDim: LayerSpec.inputDimRange.upperBound, outputDim: LayerSpec.outputDimRange.upperBound,
                                         maskZero: false), .flatten, widest, widest, output],
                             inputLength: SequenceLimits.maxLength),
                       "the model would have 1000000000000 parameters, more than 1073741824")
        XCTAssertNil(error([.embedding(inputDim: 10, outputDim: 4, maskZero: false), .dropout(rate: 0), .globalAveragePooling, output]))
    }

    func testMemoryForTrainingIsCheckedBeforeWeightsAreMade() throws {
        let config = try ModelConfig(parsing: ["embedding(1000,16)", "gap", "dense(1,sigmoid)"])
        XCTAssertNoThrow(try config.reserveMemory(limit: 1 << 30))
        XCTAssertThrowsError(try config.reserveMemory(limit: 100_000)) {
            XCTAssertEqual(($0 as? MemoryError)?.description.hasPrefix("a model of 16017 parameters (weights, gradient and "
                + "Adam's two moments) would take"), true, "\($0)")
        }
    }

    func testDerivedShapesAndLoss() throws {
        let gap = try ModelConfig(parsing: ["embedding(100,8,mask_zero)", "dropout(0.2)", "gap", "dense(4,softmax)"])
        XCTAssertEqual(gap.outputShapes, [[nil, 8], [nil, 8], [8], [4]])
        XCTAssertEqual(gap.loss, .sparseCategoricalCrossentropy)
        XCTAssertEqual(gap.classCount, 4)
        XCTAssertEqual(gap.inputDim, 100)
        let flat = try ModelConfig(parsing: ["embedding(100,8)", "flatten", "dense(1,sigmoid)"], inputLength: 5)
        XCTAssertEqual(flat.outputShapes, [[5, 8], [40], [1]])
        XCTAssertEqual(flat.parameterCounts, [800, 0, 41])
        XCTAssertEqual(flat.loss, .binaryCrossentropy)
        XCTAssertEqual(ModelConfig.shapeText([nil, 16]), "(None, None, 16)")
    }
}
