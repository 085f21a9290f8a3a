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
            guard let close = chars[i...].firstIndex(of: ")") else { throw fail(chars.count, "missing ')'") }
            var start = i
            for j in i...close where j == close || chars[j] == "," {
                arguments.append(Argument(chars: chars, range: start..<j))
                start = j + 1
            }
            if arguments.count == 1 && arguments[0].text.isEmpty { arguments = [] }
            if let empty = arguments.first(where: { $0.text.isEmpty }) { throw fail(empty.offset, "empty argument") }
            i = close + 1
            while i < chars.count, chars[i] == " " { i += 1 }
            guard i == chars.count else { throw fail(i, "unexpected text after ')'") }
        }
        let end = chars.count
        // Keras's keyword arguments (`units=16`, `activation='relu'`) take the place of their
        // positional ones; after a keyword, every argument must be one.
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
        if !keywords.isEmpty {
            arguments = byPosition
            for key in parameters.dropFirst(byPosition.count) {
                guard let value = keywords.removeValue(forKey: key) else { break }
                arguments.append(value)
            }
            if let (key, value) = keywords.first {
                throw fail(value.offset, "'\(key)' needs the arguments before it")
            }
        }
        func expectCount(_ allowed: ClosedRange<Int>, _ usage: String) throws(ModelError) {
            guard allowed.contains(arguments.count) else {
                let at = arguments.count > allowed.upperBound ? arguments[allowed.upperBound].offset : end
                throw fail(at, "\(name) takes \(usage), got \(arguments.count) argument\(arguments.count == 1 ? "" : "s")")
            }
        }
        func whole(_ argument: Argument, _ what: String, _ range: ClosedRange<Int>) throws(ModelError) -> Int {
            guard let n = Int(argument.text), range.contains(n) else {
                throw fail(argument.offset, LayerSpec.wholeNumberProblem(what, range, got: "'\(argument.text)'"))
            }
            return n
        }
        switch name {
        case "embedding":
            try expectCount(2...3, "(input_dim, output_dim[, mask_zero])")
            let inputDim = try whole(arguments[0], "input_dim", LayerSpec.inputDimRange)
            let outputDim = try whole(arguments[1], "output_dim", LayerSpec.outputDimRange)
            var maskZero = false
            if arguments.count == 3 {
                switch arguments[2].text.lowercased() {
                case "mask_zero", "true": maskZero = true
                case "false": maskZero = false
                default: throw fail(arguments[2].offset, "expected mask_zero (or True/False), got '\(arguments[2].text)'")
                }
            }
            self = .embedding(inputDim: inputDim, outputDim: outputDim, maskZero: maskZero)
        case "dense":
            try expectCount(1...2, "(units[, activation])")
            let units = try whole(arguments[0], "units", LayerSpec.unitsRange)
            var activation = Activation.linear
            if arguments.count == 2 {
                guard let a = Activation(rawValue: arguments[1].text.lowercased()) else {
                    throw fail(arguments[1].offset, "unknown activation '\(arguments[1].text)' (expected one of: "
                        + "\(Activation.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                activation = a
            }
            self = .dense(units: units, activation: activation)
        case "dropout":
            try expectCount(1...1, "(rate)")
            guard let rate = Double(arguments[0].text), rate >= 0, rate < 1 else {
                throw fail(arguments[0].offset, LayerSpec.rateProblem("'\(arguments[0].text)'"))
            }
            self = .dropout(rate: rate)
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
        let value = text[text.index(after: equals)...]
        let skipped = value.prefix { $0 == " " }.count
        return (key, Argument(text: String(value.dropFirst(skipped)).trimmingCharacters(in: .whitespaces),
                              offset: offset + text.distance(from: text.startIndex, to: equals) + 1 + skipped))
    }
}
