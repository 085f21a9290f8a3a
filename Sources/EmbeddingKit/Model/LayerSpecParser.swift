import Foundation

extension LayerSpec {
    /// Parses one layer spec such as `dense(16,relu)`; names and activations are
    /// case-insensitive and spaces are allowed inside the parentheses. Throws
    /// `ModelError.badLayerSpec` with the character offset of the problem and the reason.
    public init(parsing spec: String) throws(ModelError) {
        let chars = Array(spec)
        func fail(_ offset: Int, _ reason: String) -> ModelError {
            .badLayerSpec(spec: spec, offset: offset, reason: reason)
        }
        var i = 0
        while i < chars.count, chars[i] == " " { i += 1 }
        let nameStart = i
        while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" { i += 1 }
        let written = String(chars[nameStart..<i]).lowercased()
        let name = LayerSpec.kerasNames[written] ?? written
        guard !name.isEmpty else {
            throw fail(nameStart, nameStart == chars.count ? "empty layer spec" : "expected a layer name")
        }
        guard LayerSpec.names.contains(name) else {
            throw fail(nameStart, "unknown layer '\(written)' (expected one of: \(LayerSpec.names.joined(separator: ", ")), "
                + "or Keras's class names)")
        }
        while i < chars.count, chars[i] == " " { i += 1 }
        var arguments: [Argument] = []
        let open = i
        if i < chars.count {
            guard chars[i] == "(" else { throw fail(i, "expected '(' after '\(name)'") }
            i += 1
            // Arguments are split at the commas outside nested parentheses (bidirectional's layer).
            var depth = 0
            var close: Int?
            var start = i
            for j in i..<chars.count {
                if chars[j] == "(" { depth += 1 }
                if chars[j] == ")" {
                    if depth == 0 { close = j; break }
                    depth -= 1
                }
                if chars[j] == "," && depth == 0 {
                    arguments.append(Argument(chars: chars, range: start..<j))
                    start = j + 1
                }
            }
            guard let close else { throw fail(chars.count, "missing ')'") }
            arguments.append(Argument(chars: chars, range: start..<close))
            if arguments.count == 1 && arguments[0].text.isEmpty { arguments = [] }
            if let empty = arguments.first(where: { $0.text.isEmpty }) { throw fail(empty.offset, "empty argument") }
            i = close + 1
            while i < chars.count, chars[i] == " " { i += 1 }
            guard i == chars.count else { throw fail(i, "unexpected text after ')'") }
        }
        let end = chars.count
        // Keras's keyword arguments (`units=16`, `activation='relu'`) stand for their positional
        // ones; after a keyword, every argument must be one, and optional ones may be left out.
        let parameters = LayerSpec.parameters[name] ?? []
        var byPosition: [Argument] = []
        var keywords: [String: Argument] = [:]
        for argument in arguments {
            guard let (key, value) = argument.keyword else {
                guard keywords.isEmpty else { throw fail(argument.offset, "a positional argument after keyword arguments") }
                byPosition.append(argument)
                continue
            }
            guard let position = parameters.firstIndex(of: key) else {
                throw fail(argument.offset, "\(name) has no argument '\(key)' (its arguments: \(parameters.joined(separator: ", ")))")
            }
            guard position >= byPosition.count, keywords[key] == nil else { throw fail(argument.offset, "'\(key)' given twice") }
            keywords[key] = value
        }
        /// The argument for parameter `key`, by position or by keyword.
        func given(_ key: String) -> Argument? {
            guard let position = parameters.firstIndex(of: key) else { return nil }
            return position < byPosition.count ? byPosition[position] : keywords[key]
        }
        func expectCount(_ allowed: ClosedRange<Int>, _ usage: String) throws(ModelError) {
            let required = parameters.prefix(allowed.lowerBound)
            guard byPosition.count <= allowed.upperBound, required.allSatisfy({ given($0) != nil }) else {
                let at = byPosition.count > allowed.upperBound ? byPosition[allowed.upperBound].offset : end
                throw fail(at, "\(name) takes \(usage), got \(arguments.count) argument\(arguments.count == 1 ? "" : "s")")
            }
        }
        func whole(_ argument: Argument, _ what: String, _ range: ClosedRange<Int>) throws(ModelError) -> Int {
            guard let n = Int(argument.text), range.contains(n) else {
                throw fail(argument.offset, LayerSpec.wholeNumberProblem(what, range, got: "'\(argument.text)'"))
            }
            return n
        }
        func flag(_ key: String, bare: Bool) throws(ModelError) -> Bool? {
            guard let argument = given(key) else { return nil }
            switch argument.text.lowercased() {
            case key where bare, "true": return true
            case "false": return false
            default: throw fail(argument.offset, "expected \(bare ? key + " (or True/False)" : "True or False for " + key), got '\(argument.text)'")
            }
        }
        func padding() throws(ModelError) -> WindowPadding {
            guard let written = given("padding") else { return .valid }
            guard let padding = WindowPadding(rawValue: written.text.lowercased()) else {
                throw fail(written.offset, "padding must be valid or same, got '\(written.text)'")
            }
            return padding
        }
        func activation() throws(ModelError) -> Activation? {
            guard let written = given("activation") else { return nil }
            guard let activation = Activation(rawValue: written.text.lowercased()) else {
                throw fail(written.offset, "unknown activation '\(written.text)' (expected one of: "
                    + "\(Activation.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return activation
        }
        switch name {
        case "embedding":
            // trainable and weights are keyword-only, as in Keras.
            try expectCount(2...3, "(input_dim, output_dim[, mask_zero][, trainable=False][, weights=TABLE])")
            let inputDim = try whole(given("input_dim")!, "input_dim", LayerSpec.inputDimRange)
            let outputDim = try whole(given("output_dim")!, "output_dim", LayerSpec.outputDimRange)
            let maskZero = try flag("mask_zero", bare: true) ?? false
            let trainable = try flag("trainable", bare: false) ?? true
            let weights = given("weights")
            if let weights, let problem = LayerSpec.tableNameProblem(weights.text) { throw fail(weights.offset, problem) }
            self = .embedding(inputDim: inputDim, outputDim: outputDim, maskZero: maskZero, trainable: trainable,
                              weights: weights?.text)
        case "dense":
            try expectCount(1...2, "(units[, activation])")
            let units = try whole(given("units")!, "units", LayerSpec.unitsRange)
            self = .dense(units: units, activation: try activation() ?? .linear)
        case "dropout", "spatialdropout1d":
            try expectCount(1...1, "(rate)")
            let written = given("rate")!
            guard let rate = Double(written.text), rate >= 0, rate < 1 else {
                throw fail(written.offset, LayerSpec.rateProblem("'\(written.text)'"))
            }
            self = name == "dropout" ? .dropout(rate: rate) : .spatialDropout(rate: rate)
        case "conv1d":
            try expectCount(2...5, "(filters, kernel_size[, activation][, strides=S][, padding=valid|same])")
            self = .conv1d(filters: try whole(given("filters")!, "filters", LayerSpec.unitsRange),
                           kernelSize: try whole(given("kernel_size")!, "kernel_size", LayerSpec.windowRange),
                           activation: try activation() ?? .linear,
                           strides: try given("strides").map { a throws(ModelError) in try whole(a, "strides", LayerSpec.windowRange) } ?? 1,
                           padding: try padding())
        case "maxpool1d", "avgpool1d":
            try expectCount(0...3, "([pool_size][, strides=S][, padding=valid|same])")
            self = .pooling1d(name == "maxpool1d" ? .max : .average,
                              size: try given("pool_size").map { a throws(ModelError) in try whole(a, "pool_size", LayerSpec.windowRange) } ?? 2,
                              strides: try given("strides").map { a throws(ModelError) in try whole(a, "strides", LayerSpec.windowRange) },
                              padding: try padding())
        case "lstm", "gru":
            try expectCount(1...2, "(units[, return_sequences])")
            self = .recurrent(RecurrentSpec(kind: name == "lstm" ? .lstm : .gru,
                                            units: try whole(given("units")!, "units", LayerSpec.unitsRange),
                                            returnSequences: try flag("return_sequences", bare: true) ?? false))
        case "bidirectional":
            try expectCount(1...2, "(lstm(…) or gru(…)[, merge_mode='concat'])")
            if let mode = given("merge_mode"), mode.text.lowercased() != "concat" {
                throw fail(mode.offset, "merge_mode must be 'concat' (the outputs of both directions side by side), got '\(mode.text)'")
            }
            let layer = given("layer")!
            let inner: LayerSpec
            do {
                inner = try LayerSpec(parsing: layer.text)
            } catch .badLayerSpec(_, let offset, let reason) {
                throw fail(layer.offset + offset, reason)
            } catch {
                throw error
            }
            guard case .recurrent(let spec) = inner else {
                throw fail(layer.offset, "bidirectional wraps a recurrent layer, lstm(…) or gru(…), got '\(layer.text)'")
            }
            self = .bidirectional(spec)
        default:
            guard arguments.isEmpty else { throw fail(open + 1, "\(name) takes no arguments") }
            switch name {
            case "flatten": self = .flatten
            case "gap": self = .globalAveragePooling
            default: self = .globalMaxPooling
            }
        }
    }
}

/// One comma-separated argument: its trimmed text (without the quotes Keras puts around
/// strings) and where that text starts.
private struct Argument {
    let text: String
    let offset: Int

    init(chars: [Character], range: Range<Int>) {
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi, chars[lo] == " " { lo += 1 }
        while hi > lo, chars[hi - 1] == " " { hi -= 1 }
        self.init(text: String(chars[lo..<hi]), offset: lo)
    }

    private init(text: String, offset: Int) {
        var text = Substring(text), offset = offset
        if text.count >= 2, let quote = text.first, quote == "'" || quote == "\"", text.last == quote {
            text = text.dropFirst().dropLast()
            offset += 1
        }
        self.text = String(text)
        self.offset = offset
    }

    /// `key=value`: the key and the value as an argument of its own.
    var keyword: (key: String, value: Argument)? {
        guard let equals = text.firstIndex(of: "=") else { return nil }
        let key = text[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
        // `lstm(64,return_sequences=True)` inside bidirectional(…) is a value, not a keyword.
        guard key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        let value = text[text.index(after: equals)...]
        let skipped = value.prefix { $0 == " " }.count
        return (key, Argument(text: String(value.dropFirst(skipped)).trimmingCharacters(in: .whitespaces),
                              offset: offset + text.distance(from: text.startIndex, to: equals) + 1 + skipped))
    }
}
