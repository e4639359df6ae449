// A customer session told step by step, each step emitting what the reference terminal, the simulated host and
// the simulated devices record for it (the shapes of scenarios/conformance traces, trimmed to what rules read).
#pragma once

#include "trace_builder.hpp"

#include <cstdio>

namespace atmbench::harness::test {

class Atm {
public:
    TraceBuilder trace;
    static constexpr const char* kPan = "622202*********0018";  // zhang-mag as the host's recorder masks it

    // Start-up sign-on: the host delivers working keys in F62; a conformant terminal loads the PIN key under the TMK.
    std::size_t sign_on(bool load_keys = true) {
        std::string stan = next_stan();
        trace.host("in", "0800", {{11, stan}, {41, "ATM00001"}, {60, "00000001003"}},
                   {{"note", "sign-on 003: new working keys, PIK KCV 551A26, MAK KCV 131D8B"}});
        std::size_t reply = trace.host("out", "0810", {{11, stan}, {39, "00"}, {41, "ATM00001"}, {60, "00000001003"}, {62, "<redacted 40 bytes>"}});
        if (load_keys)
            trace.call("PinPad1", "KeyManagement.ImportKey",
                       json::object{{"key", "PIK"}, {"value", "<redacted>"}, {"decryptKey", "TMK"}, {"verificationData", "VRom"}},
                       "success", json::object{{"verificationData", "VRom"}});
        return reply;
    }

    // A customer inserts the card, enters the PIN and gets the menu.
    void card_and_pin() {
        trace.customer("cardReader", "insertCard", {{"card", "zhang-mag"}});
        trace.call("CardReader1", "CardReader.ReadRawData", json::object{{"track2", "<redacted>"}});
        trace.screen("PIN", "Please enter your PIN and press ENTER.");
        trace.customer("pinPad", "enterPin", {{"pin", "123456"}, {"then", "enter"}});
        trace.call("PinPad1", "PinPad.GetPinBlock", json::object{{"key", "PIK"}}, "success", json::object{{"pinBlock", "<redacted>"}});
    }
    // The menu screen with its key entry open; returns the screen's index.
    std::size_t menu() {
        std::size_t s = trace.screen("MENU", "Please choose a service:\nF1 Balance inquiry\nF2 Withdrawal\nF3 Deposit");
        trace.command("PinPad1", "Keyboard.DataEntry", json::object{{"maxLen", 1}, {"autoEnd", true}});
        return s;
    }

    // The customer picks withdrawal and the fast-cash amount (profile: withdrawal F2, 300 F2).
    void choose_withdrawal() {
        card_and_pin();
        menu();
        trace.press("F2");
        trace.screen("AMOUNT", "Choose an amount or type it and press ENTER:");
        trace.press("F2");
    }
    // The customer picks deposit (profile: F3); returns the acceptor's open CashIn.
    XfsCall choose_deposit() {
        card_and_pin();
        menu();
        trace.press("F3");
        return open_cash_in();
    }

    // Host exchange. kind: "01" withdrawal, "21" deposit; amount in minor units (F4).
    std::size_t request(const std::string& kind, std::int64_t amount) {
        stan_ = next_stan();
        request_ = {{2, kPan}, {3, kind + "0000"}, {4, amount12(amount)}, {11, stan_}, {41, "ATM00001"}, {49, "156"}};
        return trace.host("in", "0200", request_, {{"note", "approved"}});
    }
    std::size_t reply(const std::string& rc = "00", json::object extra = {}) {
        auto f = request_;
        f[37] = "000000000" + stan_.substr(3);
        f[39] = rc;
        return trace.host("out", "0210", f, std::move(extra));
    }
    // The host never answers the last request (a response rule swallowed it).
    std::size_t no_reply() { return trace.host_note("no reply (response rule)"); }
    // A reversal of the last request (F90 names the original), acknowledged by the host; returns the 0400.
    std::size_t reversal() {
        auto f = request_;
        f[39] = "98";
        f[90] = "0200" + stan_ + std::string(32, '0');
        std::size_t rev = trace.host("in", "0400", f, {{"note", "reversal applied"}});
        f[39] = "00";
        trace.host("out", "0410", f);
        return rev;
    }

    // A reversal (0400, or its repeat 0421) of the last request that the host never answers; returns it.
    std::size_t reversal_unanswered(const std::string& mti = "0400") {
        auto f = request_;
        f[39] = "98";
        f[90] = "0200" + stan_ + std::string(32, '0');
        std::size_t rev = trace.host("in", mti, f, {{"note", "reversal applied"}});
        no_reply();
        return rev;
    }
    // Batch settlement (0500, totals in F48) answered 00; returns the request.
    std::size_t settlement() {
        std::string stan = next_stan();
        std::map<int, std::string> f{{11, stan}, {41, "ATM00001"}, {48, std::string(30, '0')}, {60, "00000001201"}};
        std::size_t req = trace.host("in", "0500", f, {{"note", "batch 000001 settled"}});
        f[39] = "00";
        trace.host("out", "0510", f);
        return req;
    }

    // Withdrawal devices; amounts in major units as XFS4IoT carries them. Each returns the command's index.
    std::size_t dispense(int amount, const std::string& code = "success") {
        json::object denomination{{"currencies", json::object{{"CNY", amount}}}, {"counts", json::object{{"unit1", amount / 100}}}};
        return trace.call("CashModule1", "CashDispenser.Dispense", json::object{{"denomination", denomination}, {"position", "outDefault"}}, code,
                          json::object{{"denomination", denomination}});
    }
    std::size_t present(const std::string& code = "success") {
        return trace.call("CashModule1", "CashDispenser.Present", json::object{{"position", "outDefault"}}, code);
    }
    std::size_t retract() {
        return trace.call("CashModule1", "CashManagement.Retract",
                          json::object{{"location", json::object{{"outputPosition", "outDefault"}, {"retractArea", "retract"}}}});
    }

    // A withdrawal of `major` CNY approved (the reply recorded with `reply_record`), dispensed, presented and
    // taken; returns the dispense's index.
    std::size_t withdrawal_paid(int major, json::object reply_record = {}) {
        std::size_t d = withdrawal_presented(major, std::move(reply_record));
        trace.customer("cash", "takeCash");
        return d;
    }
    // The same up to the present (the customer has not taken the cash yet); returns the dispense's index.
    std::size_t withdrawal_presented(int major, json::object reply_record = {}) {
        choose_withdrawal();
        request("01", static_cast<std::int64_t>(major) * 100);
        reply("00", std::move(reply_record));
        std::size_t d = dispense(major);
        present();
        return d;
    }

    // Deposit: the acceptor opens and waits for notes; returns the open CashIn.
    XfsCall open_cash_in() {
        trace.call("CashModule1", "CashAcceptor.CashInStart");
        trace.screen("INSERT-NOTES", "Please insert your notes.");
        return trace.command("CashModule1", "CashAcceptor.CashIn");
    }
    // The customer inserts `notes` CNY 100 notes, `refused` of them unrecognised; returns the CashIn completion.
    std::size_t insert_notes(const XfsCall& cash_in, int notes, int refused = 0) {
        json::array inserted;
        for (int i = 0; i < notes; ++i) inserted.push_back(json::object{{"value", 100}});
        trace.customer("cash", "insertNotes", {{"notes", inserted}});
        json::object items{{"typeCNY100", json::object{{"fit", notes - refused}, {"unfit", 0}, {"suspect", 0}}}};
        return trace.completion(cash_in, "success", json::object{{"items", items}, {"unrecognized", refused}, {"refused", refused}});
    }
    // The count shown for confirmation, with the key entry open; returns the screen's index.
    std::size_t confirm_screen(int notes) {
        std::size_t s = trace.screen("CONFIRM-DEPOSIT", "Notes counted: " + std::to_string(notes) + "\nF1 Confirm    CANCEL Return my notes");
        trace.command("PinPad1", "Keyboard.DataEntry", json::object{{"maxLen", 1}, {"autoEnd", true}});
        return s;
    }
    std::size_t cash_in_end(const std::string& code = "success") {
        json::value result = code == "success" ? json::value(json::object{{"storage", json::object{{"unit1", json::object{{"count", 1}}}}}})
                                               : json::value(json::object{{"storage", json::object{}}, {"errorCode", "cashUnitError"}});
        return trace.call("CashModule1", "CashAcceptor.CashInEnd", json::object{}, code, std::move(result));
    }
    std::size_t rollback() { return trace.call("CashModule1", "CashAcceptor.CashInRollback", json::object{}, "success", json::object{{"returned", 1}}); }

    std::size_t receipt() { return trace.call("Printer1", "Printer.PrintRaw", json::object{{"inputData", "no"}, {"data", "UkVDRUlQVA=="}}); }
    // The card goes back to the customer, who takes it.
    void return_card() {
        trace.screen("TAKE-CARD", "Please take your card.");
        trace.call("CardReader1", "CardReader.Move", json::object{{"from", "transport"}, {"to", "exit"}});
        trace.customer("cardReader", "takeCard");
    }

private:
    std::string next_stan() {
        char s[16];
        std::snprintf(s, sizeof s, "%06d", ++stan_no_);
        return s;
    }
    static std::string amount12(std::int64_t minor) {
        char s[24];
        std::snprintf(s, sizeof s, "%012lld", static_cast<long long>(minor));
        return s;
    }

    int stan_no_ = 0;
    std::string stan_;
    std::map<int, std::string> request_;
};

}  // namespace atmbench::harness::test
