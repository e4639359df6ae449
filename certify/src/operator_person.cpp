// The operators without a control endpoint: a person at the terminal, or nobody.
#include "atmbench/certify/operator.hpp"

#include <boost/json.hpp>

#include <poll.h>
#include <unistd.h>

#include <iostream>
#include <string>

namespace atmbench::certify {

namespace {

// One line from stdin within `bound`; nullopt when the bound passed (or stdin closed).
std::optional<std::string> read_line(std::chrono::milliseconds bound) {
    std::string line;
    auto deadline = std::chrono::steady_clock::now() + bound;
    for (;;) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return std::nullopt;
        pollfd p{STDIN_FILENO, POLLIN, 0};
        int r = ::poll(&p, 1, static_cast<int>(left.count()));
        if (r <= 0) continue;
        char c;
        if (::read(STDIN_FILENO, &c, 1) != 1) return std::nullopt;
        if (c == '\n') return line;
        line += c;
    }
}

class TtyOperator final : public Operator {
public:
    std::string kind() const override { return "tty"; }

    OperatorAnswer perform(const OperatorAction& a, std::chrono::milliseconds bound) override {
        return ask(a.prompt.empty() ? a.action + " " + boost::json::serialize(a.args) + " on " + a.service : a.prompt, bound);
    }
    OperatorAnswer inject(const OperatorFault& f, std::chrono::milliseconds bound) override {
        if (f.prompt.empty())
            return {OperatorAnswer::Status::Unavailable, "only a simulated device can have " + boost::json::serialize(f.spec)};
        return ask(f.prompt, bound);
    }
    void clear_faults(const std::string& service) override {
        ask("put " + service + " back as it was (cassettes in, shutter free, paper loaded)", std::chrono::minutes(2));
    }

private:
    static OperatorAnswer ask(const std::string& prompt, std::chrono::milliseconds bound) {
        std::cerr << "\n>>> OPERATOR: " << prompt << "\n    then press Enter (or type s + Enter to skip; "
                  << bound.count() / 1000 << " s): " << std::flush;
        auto line = read_line(bound);
        if (!line) {
            std::cerr << "\n    (no answer: timed out)\n";
            return {OperatorAnswer::Status::TimedOut, "no answer within " + std::to_string(bound.count()) + " ms"};
        }
        if (*line == "s" || *line == "S") return {OperatorAnswer::Status::Declined, "operator skipped it"};
        return {OperatorAnswer::Status::Done, line->empty() ? "operator confirmed" : "operator: " + *line};
    }
};

class NoOperator final : public Operator {
public:
    std::string kind() const override { return "none"; }
    OperatorAnswer perform(const OperatorAction& a, std::chrono::milliseconds) override {
        return {OperatorAnswer::Status::Unavailable, "no operator to " + a.action + " (--operator none)"};
    }
    OperatorAnswer inject(const OperatorFault&, std::chrono::milliseconds) override {
        return {OperatorAnswer::Status::Unavailable, "no operator to cause a fault (--operator none)"};
    }
    void clear_faults(const std::string&) override {}
};

}  // namespace

std::unique_ptr<Operator> tty_operator() { return std::make_unique<TtyOperator>(); }
std::unique_ptr<Operator> no_operator() { return std::make_unique<NoOperator>(); }

}  // namespace atmbench::certify
