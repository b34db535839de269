import O2CCore
import O2CLedger

/// Everything the demo will do, decided up front from the seed: the reference data and a
/// timeline of business events. Both `DemoData.masterData` and `DemoData.populate` build the
/// same plan from the same seed and date, so stock and credit limits fit the history exactly.
struct DemoPlan {
    enum Profile: String { case good, average, slow, bad }

    struct Line {
        let sku: String
        let quantity: Int
        /// A negotiated price (minor units of the order currency); nil = list price.
        let unitPriceMinor: Int64?
    }

    struct Order {
        let customer: Int
        let date: BusinessDate
        var lines: [Line]
        let externalRef: String
        let requestedDate: BusinessDate
        var discountE2: Int64?
        var discountReason = ""
        /// A short SKU on the order replaced by an in-stock alternative on the day of the order.
        var substitution: (sku: String, newSKU: String)?
        var cancel: (date: BusinessDate, reason: String)?
        var reserveDate: BusinessDate?
        var shipDate: BusinessDate?
        var carrier = "UPS"
        var trackingRef = ""
        var invoiceDate: BusinessDate?
        var dueDate: BusinessDate?
        /// When a payment applied in full closes the invoice (nil: stays open).
        var closedOn: BusinessDate?
        var dispute: (date: BusinessDate, reason: String)?
    }

    struct Payment {
        enum Share { case full, percent(Int64), lessFee(Int64) }
        var date: BusinessDate
        var orders: [Int]
        var shares: [Share]
        /// Paid on top of the invoices (left as unapplied cash on the account).
        var extraMinor: Int64 = 0
        var applied: Bool
        /// Selects the wording of the remittance text.
        var style: Int
        var payerStyle: Int
    }

    struct Notice {
        let customer: Int
        let date: BusinessDate
        let level: Int
        var orders: [Int]
    }

    struct CustomerInfo {
        let profile: Profile
        let weight: Int
    }

    var master = MasterData()
    var customerInfo: [CustomerInfo] = []
    var orders: [Order] = []
    var payments: [Payment] = []
    var notices: [Notice] = []
    /// The customer whose limit is cut at the end, and its order that lands on credit hold.
    var tightCustomer = 0
    var tightOrder: Order?
    let asOf: BusinessDate
    let start: BusinessDate

    static let historyDays = 180
    static let rateDays = 406
    static let orderCount = 300
    static let shortSKUs = ["GAD-104", "SNS-106", "VLV-112"]
    static let warehouses = [("WH-EAST", "East distribution center (Newark, NJ)"), ("WH-WEST", "West distribution center (Reno, NV)")]

    static func isWeekend(_ d: BusinessDate) -> Bool { ((d.dayNumber + 3) % 7 + 7) % 7 >= 5 }

    /// `n` working days after `d` (0: `d` itself, or the next working day when `d` is a weekend).
    static func workdays(_ n: Int, after d: BusinessDate) -> BusinessDate {
        var day = d
        while isWeekend(day) { day = day.adding(days: 1) }
        var left = n
        while left > 0 {
            day = day.adding(days: 1)
            if !isWeekend(day) { left -= 1 }
        }
        return day
    }

    init(seed: UInt64, asOf: BusinessDate) {
        self.asOf = asOf
        self.start = asOf.adding(days: -Self.historyDays)
        makeReferenceData(seed: seed)
        makeCustomers(seed: seed)
        makeOrders(seed: seed)
        makeSettlements(seed: seed)
        makeNotices()
        makeLimitsAndStock(seed: seed)
        DemoParties.fill(&master, seed: seed)
    }

    // MARK: reference data

    private mutating func makeReferenceData(seed: UInt64) {
        var rng = DemoRandom(seed: seed, stream: "reference")
        // Weekly exchange rates for the last ~400 days: USD per unit × 10^9, a bounded random walk.
        let first = asOf.adding(days: -Self.rateDays)
        for (code, centre) in [("EUR", 1.08), ("GBP", 1.27)] {
            var rates: [(BusinessDate, Int64)] = []
            var value = centre
            var day = first
            while day <= asOf {
                value *= 1 + (rng.unit() - 0.5) * 0.012
                value = min(max(value, centre * 0.97), centre * 1.03)
                rates.append((day, Int64((value * 10_000).rounded()) * 100_000))
                day = day.adding(days: 7)
            }
            master.currencies.append(.init(code: code, rates: rates))
        }
        master.currencies.insert(.init(code: "USD", rates: []), at: 0)
        master.taxRegions = [
            .init(code: "US-CA", name: "California, United States", pricesIncludeTax: false, ratesBP: ["standard": 825, "reduced": 825]),
            .init(code: "DE", name: "Germany", pricesIncludeTax: true, ratesBP: ["standard": 1900, "reduced": 700]),
            .init(code: "GB", name: "United Kingdom", pricesIncludeTax: false, ratesBP: ["standard": 2000, "reduced": 500]),
        ]
        master.warehouses = Self.warehouses
        master.carriers = [
            .init(code: "DHL", name: "DHL Express", preferredRank: 1, delayed: true),
            .init(code: "UPS", name: "UPS", preferredRank: 2),
            .init(code: "FEDEX", name: "FedEx", preferredRank: 3),
        ]
        func nice(_ cents: Int) -> Int64 {
            let major = max(cents / 100, 1)
            return Int64(major * 100 + rng.pick([0, 50, 95, 99]))
        }
        for fam in DemoCatalog.families {
            var skus: [String] = []
            for k in 0..<20 { skus.append("\(fam.prefix)-\(100 + k)") }
            for k in 0..<20 {
                let usd = rng.int(fam.priceCents)
                let grade = DemoCatalog.grades[k / 2]
                let name = "\(grade) \(fam.noun)\(DemoCatalog.series[k % 2])"
                var alternatives: [String] = []
                let partner = skus[k ^ 1]
                let count = rng.int(1...3)
                if rng.chance(0.7) || skus[k] == "WID-100" { alternatives.append(partner) }
                var others = rng.shuffled(skus.filter { $0 != skus[k] && $0 != partner && !Self.shortSKUs.contains($0) })
                while alternatives.count < count, let next = others.popLast() { alternatives.append(next) }
                alternatives.removeAll { Self.shortSKUs.contains($0) }
                if alternatives.isEmpty, let next = others.popLast() { alternatives.append(next) }
                master.products.append(.init(sku: skus[k], name: name, family: fam.noun + "s", taxCategory: fam.taxCategory,
                                             prices: ["USD": nice(usd), "EUR": nice(usd * 100 / 108), "GBP": nice(usd * 100 / 127)],
                                             alternatives: alternatives))
            }
        }
    }

    private mutating func makeCustomers(seed: UInt64) {
        var rng = DemoRandom(seed: seed, stream: "customers")
        let total = 56
        var currencies = rng.shuffled(Array(repeating: "USD", count: 29) + Array(repeating: "EUR", count: 14) + Array(repeating: "GBP", count: 12))
        var profiles = rng.shuffled(Array(repeating: Profile.bad, count: 3) + Array(repeating: .slow, count: 6)
                                    + Array(repeating: .average, count: 14) + Array(repeating: .good, count: 32))
        var used = Set<String>(["Acme Corp"])
        master.customers.append(.init(id: "C-001", name: "Acme Corp", currency: "USD", paymentTermsDays: 30, creditLimitMinor: 0,
                                      owner: "sam", email: "ap@acmecorp.com", region: "US-CA"))
        customerInfo.append(CustomerInfo(profile: .good, weight: 5))
        for n in 2...total {
            let currency = currencies.removeLast()
            let (prefixes, suffixes, region, tld): ([String], [String], String, String)
            switch currency {
            case "EUR": (prefixes, suffixes, region, tld) = (DemoCatalog.dePrefixes, DemoCatalog.deSuffixes, "DE", "de")
            case "GBP": (prefixes, suffixes, region, tld) = (DemoCatalog.gbPrefixes, DemoCatalog.gbSuffixes, "GB", "co.uk")
            default: (prefixes, suffixes, region, tld) = (DemoCatalog.usPrefixes, DemoCatalog.usSuffixes, "US-CA", "com")
            }
            var name = ""
            repeat { name = rng.pick(prefixes) + " " + rng.pick(suffixes) } while used.contains(name)
            used.insert(name)
            let id = n < 10 ? "C-00\(n)" : (n < 100 ? "C-0\(n)" : "C-\(n)")
            let terms = [14, 30, 45, 60][rng.weighted([15, 50, 20, 15])]
            let owner = DemoCatalog.reps[(n + rng.int(0...1)) % 4]
            let mailbox = rng.pick(["ap", "accounts.payable", "billing", "finance", "invoices"])
            master.customers.append(.init(id: id, name: name, currency: currency, paymentTermsDays: terms, creditLimitMinor: 0,
                                          owner: owner, email: "\(mailbox)@\(DemoCatalog.slug(name)).\(tld)", region: region))
            customerInfo.append(CustomerInfo(profile: profiles.removeLast(), weight: rng.int(1...6)))
        }
    }

    // MARK: orders

    private func price(_ sku: String, _ currency: String) -> Int64 {
        master.products.first { $0.sku == sku }.flatMap { $0.prices[currency] } ?? 0
    }

    private mutating func makeOrders(seed: UInt64) {
        var rng = DemoRandom(seed: seed, stream: "orders")
        var days: [BusinessDate] = []
        var d = start
        while d <= asOf {
            if !Self.isWeekend(d) { days.append(d) }
            d = d.adding(days: 1)
        }
        var dates: [BusinessDate] = []
        for _ in 0..<Self.orderCount { dates.append(rng.pick(days)) }
        dates.sort()
        let weights = customerInfo.map(\.weight)
        let sellable = master.products.filter { !Self.shortSKUs.contains($0.sku) }
        var refs = Set<String>()
        for date in dates {
            var c = rng.weighted(weights)
            while c == 0 && date > asOf.adding(days: -16) { c = rng.weighted(weights) }
            let customer = master.customers[c]
            var lines: [Line] = []
            let count = [1, 2, 3, 4][rng.weighted([40, 30, 20, 10])]
            var skus: [String] = []
            if rng.chance(c == 0 ? 0.6 : 0.1) { skus.append("WID-100") }
            while skus.count < count {
                let p = rng.pick(sellable).sku
                if !skus.contains(p) { skus.append(p) }
            }
            for sku in skus {
                let usd = price(sku, "USD")
                let maxQty = Int(max(1, min(100, 400_000 / max(usd, 1))))
                let qty = rng.int(1...maxQty)
                var manual: Int64?
                if rng.chance(0.05) { manual = max(1, price(sku, customer.currency) * 9 / 10) }
                lines.append(Line(sku: sku, quantity: qty, unitPriceMinor: manual))
            }
            var ref = ""
            repeat { ref = "PO-\(rng.int(10_000...99_999))" } while refs.contains(ref)
            refs.insert(ref)
            var order = Order(customer: c, date: date, lines: lines, externalRef: ref, requestedDate: date.adding(days: rng.int(7...21)))
            if rng.chance(0.05) {
                order.discountE2 = rng.pick([250, 500, 750, 1000])
                order.discountReason = rng.pick(DemoCatalog.discountReasons)
            }
            orders.append(order)
        }
        let older = orders.indices.filter { orders[$0].customer != 0 && orders[$0].date < asOf.adding(days: -30) }
        var picks = rng.shuffled(older)
        // A few orders cancelled a few days after they were taken (half of them after reserving stock).
        for _ in 0..<4 {
            guard let k = picks.popLast() else { break }
            orders[k].cancel = (Self.workdays(rng.int(1...3), after: orders[k].date), rng.pick(DemoCatalog.cancelReasons))
            orders[k].discountE2 = nil
        }
        // A few orders taken for an out-of-stock SKU, then switched to an in-stock alternative.
        for (n, short) in Self.shortSKUs.enumerated() {
            guard let k = picks.popLast() else { break }
            guard let alt = master.products.first(where: { $0.sku == short })?.alternatives.first,
                  !orders[k].lines.contains(where: { $0.sku == short || $0.sku == alt }) else { continue }
            orders[k].lines.append(Line(sku: short, quantity: 5 + n * 3, unitPriceMinor: nil))
            orders[k].substitution = (short, alt)
        }
        // Fulfilment: reserve the day of the order or the next working day, ship 1–3 working days
        // later, invoice on shipping or the next day. Steps past asOf do not happen yet.
        for k in orders.indices {
            let o = orders[k]
            // The last two weeks' orders move slower, so open orders wait in every state.
            let recent = o.date >= asOf.adding(days: -14)
            let reserve = Self.workdays(recent ? rng.int(0...3) : (rng.chance(0.7) ? 0 : 1), after: o.date)
            let ship = Self.workdays(recent ? rng.int(1...6) : rng.int(1...3), after: reserve)
            let invoice = Self.workdays(recent ? rng.int(0...2) : (rng.chance(0.8) ? 0 : 1), after: ship)
            let carrierDraw = rng.weighted([50, 30, 20])
            let tracking = rng.int(100_000_000...999_999_999)
            if let cancel = o.cancel {
                if reserve < cancel.date && rng.chance(0.5) { orders[k].reserveDate = reserve }
                continue
            }
            guard reserve <= asOf else { continue }
            orders[k].reserveDate = reserve
            guard ship <= asOf else { continue }
            orders[k].shipDate = ship
            // DHL is flagged delayed now: recent shipments went with the alternate.
            let carrier = ship >= asOf.adding(days: -10) && carrierDraw == 0 ? "UPS" : ["DHL", "UPS", "FEDEX"][carrierDraw]
            orders[k].carrier = carrier
            orders[k].trackingRef = carrier == "UPS" ? "1Z\(tracking)US" : (carrier == "DHL" ? "JD0\(tracking)" : "7\(tracking)12")
            guard invoice <= asOf else { continue }
            orders[k].invoiceDate = invoice
            orders[k].dueDate = invoice.adding(days: master.customers[o.customer].paymentTermsDays)
        }
        // Two fresh orders asking for an out-of-stock SKU, confirmed but not reserved: the
        // workflow meets the shortage and proposes an alternative.
        let recent = orders.indices.filter { orders[$0].customer != 0 && orders[$0].cancel == nil && orders[$0].substitution == nil }.suffix(2)
        for (n, k) in recent.enumerated() {
            let short = Self.shortSKUs[n]
            orders[k].lines.removeAll { $0.sku == short }
            orders[k].lines.append(Line(sku: short, quantity: 6 + n * 4, unitPriceMinor: nil))
            orders[k].reserveDate = nil
            orders[k].shipDate = nil
            orders[k].invoiceDate = nil
            orders[k].dueDate = nil
            orders[k].discountE2 = nil
        }
        // At least three orders wait reserved and three shipped but not invoiced: the newest
        // ones are held back a step when the dates alone did not leave enough.
        let candidates = orders.indices.reversed().filter { orders[$0].customer != 0 && orders[$0].cancel == nil && orders[$0].date >= asOf.adding(days: -21) }
        var shipped = orders.filter { $0.shipDate != nil && $0.invoiceDate == nil }.count
        var reserved = orders.filter { $0.cancel == nil && $0.reserveDate != nil && $0.shipDate == nil }.count
        for k in candidates {
            if shipped < 3, orders[k].invoiceDate != nil {
                orders[k].invoiceDate = nil
                orders[k].dueDate = nil
                shipped += 1
            } else if reserved < 3, orders[k].shipDate != nil, orders[k].invoiceDate == nil || shipped >= 3 {
                orders[k].shipDate = nil
                orders[k].invoiceDate = nil
                orders[k].dueDate = nil
                reserved += 1
            }
        }
    }

    // MARK: payments

    private mutating func makeSettlements(seed: UInt64) {
        var rng = DemoRandom(seed: seed, stream: "payments")
        enum Kind { case onTime, late, partial, unapplied, open }
        var kinds: [Int: Kind] = [:]
        var payDate: [Int: BusinessDate] = [:]
        let invoiced = orders.indices.filter { orders[$0].invoiceDate != nil }
        for k in invoiced {
            let o = orders[k]
            guard let issued = o.invoiceDate, let due = o.dueDate else { continue }
            let terms = master.customers[o.customer].paymentTermsDays
            if o.customer == 0 {
                kinds[k] = .onTime
                payDate[k] = min(issued.adding(days: rng.int(5...max(6, terms - 5))), asOf)
                continue
            }
            let weights: [Int]
            let lateDays: ClosedRange<Int>
            switch customerInfo[o.customer].profile {
            case .good: (weights, lateDays) = ([92, 5, 1, 2, 0], 1...10)
            case .average: (weights, lateDays) = ([70, 18, 5, 4, 3], 3...30)
            case .slow: (weights, lateDays) = ([30, 40, 10, 5, 15], 10...60)
            case .bad: (weights, lateDays) = ([10, 20, 15, 0, 55], 20...90)
            }
            let kind = [Kind.onTime, .late, .partial, .unapplied, .open][rng.weighted(weights)]
            let date: BusinessDate
            switch kind {
            case .onTime: date = due.adding(days: -rng.int(0...(terms / 2)))
            case .late: date = due.adding(days: rng.int(lateDays))
            default: date = due.adding(days: rng.int(-5...10))
            }
            kinds[k] = kind
            payDate[k] = max(date, issued.adding(days: 1))
        }
        // Every aging bucket gets at least two never-paid invoices.
        for bucket in [1...30, 31...60, 61...90, 91...120, 121...100_000] {
            func age(_ k: Int) -> Int { asOf.days(since: orders[k].dueDate ?? asOf) }
            let have = invoiced.filter { kinds[$0] == .open && bucket.contains(age($0)) }.count
            guard have < 2 else { continue }
            let candidates = invoiced.filter { orders[$0].customer != 0 && kinds[$0] != .open && bucket.contains(age($0)) }
            for k in rng.shuffled(candidates).prefix(2 - have) { kinds[k] = .open }
        }
        // Payments, in invoice order.
        var fullByCustomer: [Int: [Int]] = [:]
        for k in invoiced {
            guard let kind = kinds[k], kind != .open, let date = payDate[k], date <= asOf else { continue }
            let style = rng.weighted([35, 25, 15, 12, 5, 8])
            let payer = rng.weighted([70, 20, 10])
            switch kind {
            case .onTime, .late:
                payments.append(Payment(date: date, orders: [k], shares: [.full], applied: true, style: style, payerStyle: payer))
                orders[k].closedOn = date
                fullByCustomer[orders[k].customer, default: []].append(payments.count - 1)
            case .partial:
                let share: Payment.Share = rng.chance(0.5) ? .percent(Int64(rng.int(30...70))) : .lessFee(Int64(rng.pick([1500, 2500, 3500])))
                payments.append(Payment(date: date, orders: [k], shares: [share], applied: true, style: style, payerStyle: payer))
            case .unapplied:
                payments.append(Payment(date: date, orders: [k], shares: [.full], applied: false, style: 0, payerStyle: payer))
            case .open:
                break
            }
        }
        // Some customers pay two invoices with one transfer.
        var merged = Set<Int>()
        for (_, list) in fullByCustomer.sorted(by: { $0.key < $1.key }) where list.count >= 2 && orders[payments[list[0]].orders[0]].customer != 0 {
            for (a, b) in zip(list, list.dropFirst()) where !merged.contains(a) && !merged.contains(b) {
                let pa = payments[a], pb = payments[b]
                guard abs(pb.date.days(since: pa.date)) <= 7, rng.chance(0.5) else { continue }
                let date = max(pa.date, pb.date)
                payments[a].orders = pa.orders + pb.orders
                payments[a].shares = [.full, .full]
                payments[a].date = date
                for k in payments[a].orders { orders[k].closedOn = date }
                merged.insert(a)
                merged.insert(b)
                payments[b].orders = []
            }
        }
        payments.removeAll { $0.orders.isEmpty }
        // Two customers round their transfer up: the rest stays on account as unapplied cash.
        let roundUps = payments.indices.filter { payments[$0].applied && payments[$0].orders.count == 1 && orders[payments[$0].orders[0]].customer != 0 }
        for p in rng.shuffled(roundUps).prefix(2) { payments[p].extraMinor = Int64(rng.pick([5000, 10_000, 12_345])) }
        // Unapplied payments exercise cash application: by reference, by amount, by combination.
        let unapplied = payments.indices.filter { !payments[$0].applied }
        for (n, p) in unapplied.enumerated() { payments[p].style = n % 4 }
        // One more: a customer pays two open invoices at once, with no usable reference.
        let openByCustomer = Dictionary(grouping: invoiced.filter {
            kinds[$0] == .open && orders[$0].customer != 0 && (orders[$0].dueDate ?? asOf) < asOf.adding(days: -20)
        }, by: { orders[$0].customer })
        if let (_, pair) = openByCustomer.sorted(by: { $0.key < $1.key }).first(where: { $0.value.count >= 2 }) {
            let ks = Array(pair.prefix(2))
            let date = asOf.adding(days: -rng.int(1...5))
            payments.append(Payment(date: max(date, orders[ks[1]].invoiceDate ?? date), orders: ks, shares: [.full, .full], applied: false, style: 2, payerStyle: 1))
        }
        payments = payments.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
        // Disputes, on invoices nobody paid in full.
        let disputable = invoiced.filter { orders[$0].customer != 0 && orders[$0].closedOn == nil }
        for k in rng.shuffled(disputable).prefix(4) {
            guard let issued = orders[k].invoiceDate else { continue }
            let date = min(Self.workdays(rng.int(5...25), after: issued), asOf)
            if date > issued { orders[k].dispute = (date, rng.pick(DemoCatalog.disputeReasons)) }
        }
        // A customer in average standing gets its limit cut at the end and its next order held
        // for credit; the worst payer at that point is put on credit hold (chosen from the ledger).
        let tight = master.customers.indices.filter { $0 != 0 && master.customers[$0].currency == "USD" && customerInfo[$0].profile == .average }
        tightCustomer = tight.first ?? 1
        let motor = master.products.first { $0.sku == "MTR-102" }?.sku ?? "WID-100"
        let qty = Int(max(1, 600_000 / max(price(motor, master.customers[tightCustomer].currency), 1)) + 1)
        tightOrder = Order(customer: tightCustomer, date: asOf, lines: [Line(sku: motor, quantity: qty, unitPriceMinor: nil)],
                           externalRef: "PO-\(rng.int(10_000...99_999))-R", requestedDate: asOf.adding(days: 14))
    }

    // MARK: dunning

    private mutating func makeNotices() {
        var byKey: [String: Int] = [:]
        for k in orders.indices {
            let o = orders[k]
            guard let due = o.dueDate, o.customer != 0 else { continue }
            for (n, after) in [14, 45, 75].enumerated() {
                let date = Self.workdays(0, after: due.adding(days: after))
                guard date <= asOf else { break }
                if let closed = o.closedOn, date >= closed { break }
                if let dispute = o.dispute, date >= dispute.date { break }
                // Partial payments leave the rest open; it is dunned like any open balance.
                let key = "\(o.customer)|\(date.dayNumber)|\(n + 1)"
                if let i = byKey[key] {
                    notices[i].orders.append(k)
                } else {
                    byKey[key] = notices.count
                    notices.append(Notice(customer: o.customer, date: date, level: n + 1, orders: [k]))
                }
            }
        }
    }

    // MARK: limits and stock

    private mutating func makeLimitsAndStock(seed: UInt64) {
        var rng = DemoRandom(seed: seed, stream: "limits")
        var maxRate: [String: Int64] = ["USD": 1_000_000_000]
        for c in master.currencies { if let m = c.rates.map(\.1).max() { maxRate[c.code] = m } }
        var taxBP: [String: Int64] = [:]
        for r in master.taxRegions { taxBP[r.code] = r.pricesIncludeTax ? 0 : (r.ratesBP.values.max() ?? 0) }
        // An upper bound of each customer's total orders in base currency: list or manual price,
        // the higher tax rate, the highest exchange rate, no discount.
        var bound = Array(repeating: Int64(0), count: master.customers.count)
        var demand: [String: Int64] = [:]
        for o in orders + (tightOrder.map { [$0] } ?? []) {
            let cust = master.customers[o.customer]
            var gross: Int64 = 0
            for l in o.lines {
                var unit = l.unitPriceMinor ?? price(l.sku, cust.currency)
                if let sub = o.substitution, sub.sku == l.sku { unit = max(unit, price(sub.newSKU, cust.currency)) }
                gross += Int64(l.quantity) * unit + 1
                if o.reserveDate != nil {
                    let sku = o.substitution.flatMap { $0.sku == l.sku ? $0.newSKU : nil } ?? l.sku
                    demand[sku, default: 0] += Int64(l.quantity)
                }
            }
            gross = gross * (10_000 + (taxBP[cust.region] ?? 0)) / 10_000 + Int64(o.lines.count)
            bound[o.customer] += gross * (maxRate[cust.currency] ?? 2_000_000_000) / 1_000_000_000 + 1
        }
        for c in master.customers.indices {
            // The limit is the customer's exposure bound times a factor drawn for its profile
            // (good 2–4×, average 1.5–2.5×, slow 1.25–1.5×, bad 1.1×), in exact integers.
            let one = Int128(1) << 53
            let (numerator, denominator): (Int128, Int128)
            switch customerInfo[c].profile {
            case .good: (numerator, denominator) = (2 * one + 2 * Int128(rng.unit53()), one)
            case .average: (numerator, denominator) = (3 * one + 2 * Int128(rng.unit53()), 2 * one)
            case .slow: (numerator, denominator) = (5 * one + Int128(rng.unit53()), 4 * one)
            case .bad: (numerator, denominator) = (11, 10)
            }
            let step: Int64 = c == 0 ? 5_000_000 : 500_000
            var limit = max(Int64(clamping: Int128(bound[c]) * numerator / denominator) + 1, 1_000_000)
            if c == 0 { limit = max(limit * 3, 25_000_000) }
            master.customers[c].creditLimitMinor = (limit + step - 1) / step * step
        }
        for p in master.products {
            var total: Int64
            switch p.sku {
            case "GAD-104", "SNS-106":
                total = 0
            case "VLV-112":
                master.stock.append(.init(sku: p.sku, warehouse: Self.warehouses[0].0, onHand: 0))
                master.stock.append(.init(sku: p.sku, warehouse: Self.warehouses[1].0, onHand: 3))
                continue
            case "WID-100":
                total = (demand[p.sku] ?? 0) + 5_000
            default:
                let usd = p.prices["USD"] ?? 1
                let typical = max(1, min(100, 400_000 / max(usd, 1)))
                total = (demand[p.sku] ?? 0) + typical * Int64(rng.int(8...20)) + 20
            }
            let east = total * 6 / 10
            master.stock.append(.init(sku: p.sku, warehouse: Self.warehouses[0].0, onHand: east))
            master.stock.append(.init(sku: p.sku, warehouse: Self.warehouses[1].0, onHand: total - east))
        }
    }
}
