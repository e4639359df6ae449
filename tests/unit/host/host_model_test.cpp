#include "host_fixture.hpp"

#include "atmbench/host/response_codes.hpp"

namespace atmbench::host::test {

namespace {
std::string code_of(const Outcome& o) { return o.reply ? o.reply->at(39) : "<no reply>"; }
}  // namespace

TEST_F(HostFixture, SignOnDeliversWorkingKeysThatVerifyUnderTheMasterKey) {
    Outcome o = send(network("003"));
    ASSERT_EQ(code_of(o), "00");
    EXPECT_EQ(o.reply->mti, "0810");
    EXPECT_EQ(o.reply->at(62).size(), 40u);  // 2 x (16-byte key + 4-byte KCV), 60.3 = 003
    crypto::BlockKey tmk = crypto::BlockKey::tdes(from_hex("0123456789ABCDEFFEDCBA9876543210"));
    EXPECT_NO_THROW(crypto::parse_f62(tmk, view_of(o.reply->at(62)), false));
}

TEST_F(HostFixture, SingleLengthAndTrackKeySignOnsHaveTheirCupLengths) {
    EXPECT_EQ(send(network("001")).reply->at(62).size(), 24u);
    EXPECT_EQ(send(network("004")).reply->at(62).size(), 60u);
}

TEST_F(HostFixture, SameSeedGivesSameKeys) {
    HostModel other{profile, AccountBook::load({fixtures() / "accounts"}),
                    TerminalDirectory::load({fixtures() / "keys/terminals.yaml"}), HostOptions{}};
    Bytes body;
    iso8583::Message req = network("003");
    codec.encode_body(req, body);
    Outcome a = model.handle(req, ByteView(body), std::nullopt);
    Outcome b = other.handle(req, ByteView(body), std::nullopt);
    EXPECT_EQ(a.reply->at(62), b.reply->at(62));
}

TEST_F(HostFixture, EchoAndUnknownNetworkCode) {
    EXPECT_EQ(code_of(send(network("301"))), "00");
    EXPECT_EQ(code_of(send(network("999"))), "40");
}

TEST_F(HostFixture, UnknownTerminalGets97) { EXPECT_EQ(code_of(send(network("003", "ATM99999"))), "97"); }

TEST_F(HostFixture, FinancialBeforeSignOnGetsA0) {
    pik = crypto::BlockKey::tdes(from_hex("0123456789ABCDEFFEDCBA9876543210"));
    EXPECT_EQ(code_of(send(financial("31", kPan, kPin, 0))), "A0");
}

TEST_F(HostFixture, InquiryReturnsBalanceAndEchoesKeyFields) {
    sign_on();
    iso8583::Message req = financial("31", kPan, kPin, 0);
    Outcome o = send(req);
    ASSERT_EQ(code_of(o), "00");
    EXPECT_EQ(o.reply->mti, "0210");
    EXPECT_EQ(o.reply->at(54), "1002156C000005000000");
    for (int f : {2, 3, 11, 41}) EXPECT_EQ(o.reply->at(f), req.at(f)) << "field " << f;
    EXPECT_TRUE(model.ledger().postings().empty()) << "an inquiry posts nothing";
}

TEST_F(HostFixture, RepliesCarryAMacThatVerifies) {
    sign_on();
    Outcome o = send(financial("31", kPan, kPin, 0));
    Bytes body;
    codec.encode_body(*o.reply, body);
    EXPECT_EQ(verify_message(ByteView(body), *o.reply, codec, crypto::MacAlgorithm::CupEcb, *mak), MacCheck::Valid);
}

TEST_F(HostFixture, BadMacGetsA0AndPostsNothing) {
    sign_on();
    iso8583::Message req = financial("01", kPan, kPin, 10000);
    sign_message(req, codec, crypto::MacAlgorithm::CupEcb, *mak);
    std::string mac = req.at(64);
    mac[0] ^= 1;
    req.set(64, mac);
    EXPECT_EQ(code_of(send(req, std::nullopt, false)), "A0");
    EXPECT_EQ(balance(kPan), 5000000);
}

TEST_F(HostFixture, MissingMacGetsA0) {
    sign_on();
    EXPECT_EQ(code_of(send(financial("31", kPan, kPin, 0), std::nullopt, false)), "A0");
}

TEST_F(HostFixture, WithdrawalDebitsAndRecordsAPosting) {
    sign_on();
    Outcome o = send(financial("01", kPan, kPin, 30000));
    ASSERT_EQ(code_of(o), "00");
    EXPECT_EQ(balance(kPan), 5000000 - 30000);
    ASSERT_EQ(model.ledger().postings().size(), 1u);
    const Posting& p = model.ledger().postings()[0];
    EXPECT_EQ(p.kind, PostingKind::Withdrawal);
    EXPECT_EQ(p.amount, 30000);
    EXPECT_EQ(p.rrn, o.reply->at(37));
    EXPECT_EQ(o.reply->at(38).size(), 6u);
}

TEST_F(HostFixture, DeclinesFollowTheCupTable) {
    sign_on();
    EXPECT_EQ(code_of(send(financial("01", "6222020000000000026", "654321", 30000))), "51");
    EXPECT_EQ(code_of(send(financial("01", "6222020000000000034", "111111", 100))), "41");
    EXPECT_EQ(code_of(send(financial("01", "6222020000000000042", "222222", 100))), "43");
    EXPECT_EQ(code_of(send(financial("01", "6222020000000000059", "333333", 100))), "54");
    EXPECT_EQ(code_of(send(financial("01", "6222020000000000067", "444444", 100))), "62");
    EXPECT_EQ(code_of(send(financial("01", "6222020000000000083", "123456", 100))), "14");
    EXPECT_EQ(code_of(send(financial("01", kPan, kPin, 0))), "13");
    EXPECT_EQ(code_of(send(financial("99", kPan, kPin, 100))), "40");
    EXPECT_TRUE(model.ledger().postings().empty());
}

TEST_F(HostFixture, WrongPinGives55ThenPinTriesExceeded) {
    sign_on();
    EXPECT_EQ(code_of(send(financial("31", kPan, "000000", 0))), "55");
    EXPECT_EQ(code_of(send(financial("31", kPan, "000000", 0))), "55");
    EXPECT_EQ(code_of(send(financial("31", kPan, "000000", 0))), "75");
    EXPECT_EQ(code_of(send(financial("31", kPan, kPin, 0))), "75") << "tries exhausted stay exhausted";
}

TEST_F(HostFixture, MissingPinBlockOnWithdrawalIsAWrongPin) {
    sign_on();
    EXPECT_EQ(code_of(send(financial("01", kPan, std::nullopt, 100))), "55");
}

TEST_F(HostFixture, DailyLimits) {
    sign_on();
    EXPECT_EQ(code_of(send(financial("01", kPan, kPin, 2000001))), "61");
    for (int i = 0; i < 10; ++i) ASSERT_EQ(code_of(send(financial("01", kPan, kPin, 100))), "00");
    EXPECT_EQ(code_of(send(financial("01", kPan, kPin, 100))), "65");
}

TEST_F(HostFixture, DepositCreditsWithoutPinAndTransferMovesBetweenAccounts) {
    sign_on();
    EXPECT_EQ(code_of(send(financial("21", kPan, std::nullopt, 50000))), "00");
    EXPECT_EQ(balance(kPan), 5050000);
    iso8583::Message t = financial("40", kPan, kPin, 2000);
    t.set(103, "6222020000000000075");
    EXPECT_EQ(code_of(send(t)), "00");
    EXPECT_EQ(balance(kPan), 5048000);
    EXPECT_EQ(balance("6222020000000000075"), 1000 + 2000);
    iso8583::Message bad = financial("40", kPan, kPin, 2000);
    bad.set(103, "6222020000000000083");
    EXPECT_EQ(code_of(send(bad)), "42");
}

TEST_F(HostFixture, DuplicateStanGets94) {
    sign_on();
    iso8583::Message w = financial("01", kPan, kPin, 100);
    EXPECT_EQ(code_of(send(w)), "00");
    EXPECT_EQ(code_of(send(w)), "94");
    EXPECT_EQ(model.ledger().postings().size(), 1u);
}

TEST_F(HostFixture, AReplayedInquiryWithAWrongPinDoesNotLockTheCardholderOut) {
    // Someone copies one inquiry with a wrong PIN off the line and sends it again and again: the same terminal, STAN
    // and transmission time is one message, answered 94 (duplicate) without checking its PIN again.
    sign_on();
    iso8583::Message wrong = financial("31", kPan, "000000", 0);
    wrong.set(7, "1205123456");
    EXPECT_EQ(code_of(send(wrong)), "55");
    for (int i = 0; i < 3; ++i) EXPECT_EQ(code_of(send(wrong)), "94") << "replay " << i + 1;
    EXPECT_EQ(model.accounts().accounts().at(kPan).wrong_pins_today, 1) << "one wrong PIN, however often it is sent";
    EXPECT_EQ(code_of(send(financial("31", kPan, kPin, 0))), "00") << "the genuine cardholder is not locked out";
    // A new inquiry (its own STAN) is checked as ever.
    EXPECT_EQ(code_of(send(financial("31", kPan, "000000", 0))), "55");
}

TEST_F(HostFixture, ReversalUndoesOnceAndRepeatsAreIdempotent) {
    sign_on();
    iso8583::Message w = financial("01", kPan, kPin, 30000);
    ASSERT_EQ(code_of(send(w)), "00");
    Outcome r1 = send(reversal_of(w, "0400"));
    EXPECT_EQ(r1.reply->mti, "0410");
    EXPECT_EQ(code_of(r1), "00");
    EXPECT_EQ(balance(kPan), 5000000);
    Outcome r2 = send(reversal_of(w, "0420"));
    Outcome r3 = send(reversal_of(w, "0421"));
    EXPECT_EQ(r3.reply->mti, "0430");
    EXPECT_EQ(code_of(r2), "00");
    EXPECT_EQ(code_of(r3), "00");
    EXPECT_EQ(balance(kPan), 5000000) << "repeats must not credit twice";
    const auto& postings = model.ledger().postings();
    ASSERT_EQ(postings.size(), 4u);
    EXPECT_EQ(postings[1].kind, PostingKind::Reversal);
    EXPECT_EQ(postings[1].reverses, std::optional<std::uint64_t>(1));
    EXPECT_EQ(postings[2].kind, PostingKind::ReversalRepeat);
    EXPECT_EQ(postings[3].kind, PostingKind::ReversalRepeat);
    EXPECT_EQ(postings[3].attempt, 3);
}

TEST_F(HostFixture, ReversalWithoutF90FindsTheOriginalByStan) {
    sign_on();
    iso8583::Message w = financial("01", kPan, kPin, 30000);
    send(w);
    iso8583::Message r = reversal_of(w);
    r.erase(90);
    EXPECT_EQ(code_of(send(r)), "00");
    EXPECT_EQ(balance(kPan), 5000000);
}

TEST_F(HostFixture, ReversalOfUnknownDeclinedOrMismatchedOriginal) {
    sign_on();
    iso8583::Message ghost = financial("01", kPan, kPin, 100);
    EXPECT_EQ(code_of(send(reversal_of(ghost))), "25");
    iso8583::Message declined = financial("01", "6222020000000000026", "654321", 99999);
    ASSERT_EQ(code_of(send(declined)), "51");
    EXPECT_EQ(code_of(send(reversal_of(declined))), "00");
    EXPECT_EQ(model.ledger().postings().back().kind, PostingKind::ReversalNoEffect);
    iso8583::Message w = financial("01", kPan, kPin, 30000);
    send(w);
    iso8583::Message wrong_amount = reversal_of(w);
    wrong_amount.set(4, "000000000001");
    EXPECT_EQ(code_of(send(wrong_amount)), "64");
    EXPECT_EQ(balance(kPan), 5000000 - 30000);
}

TEST_F(HostFixture, DepositAndTransferReversalsMoveMoneyBack) {
    sign_on();
    iso8583::Message d = financial("21", kPan, std::nullopt, 50000);
    send(d);
    send(reversal_of(d));
    EXPECT_EQ(balance(kPan), 5000000);
    iso8583::Message t = financial("40", kPan, kPin, 2000);
    t.set(103, "6222020000000000075");
    send(t);
    send(reversal_of(t));
    EXPECT_EQ(balance(kPan), 5000000);
    EXPECT_EQ(balance("6222020000000000075"), 1000);
}

TEST_F(HostFixture, ForcedCodesDeclineWithoutPostingAndForcedApprovalPosts) {
    sign_on();
    EXPECT_EQ(code_of(send(financial("01", kPan, kPin, 100), std::string("E1"))), "E1");
    EXPECT_TRUE(model.ledger().postings().empty());
    EXPECT_EQ(code_of(send(financial("01", kPan, "999999", 100), std::string("00"))), "00");
    EXPECT_EQ(model.ledger().postings().size(), 1u);
    EXPECT_TRUE(model.is_retain_cash_code("E1"));
    EXPECT_FALSE(model.is_retain_cash_code("00"));
}

TEST_F(HostFixture, AForcedApprovalDoesNotBypassTheMessagesAuthentication) {
    // fixtures/host-rules/README.md: a rule's code shapes the business answer (funds, limits, PIN, account), not the
    // authentication: before sign-on there is no MAC key, and a message whose MAC does not verify is not the
    // terminal's — A0 either way, whatever the rule says, and nothing is posted.
    pik = crypto::BlockKey::tdes(from_hex("0123456789ABCDEFFEDCBA9876543210"));
    EXPECT_EQ(code_of(send(financial("01", kPan, kPin, 100), std::string("00"))), "A0");
    sign_on();
    iso8583::Message req = financial("01", kPan, kPin, 100);
    sign_message(req, codec, crypto::MacAlgorithm::CupEcb, *mak);
    req.set(4, "000000000200");  // changed after the MAC was computed
    EXPECT_EQ(code_of(send(req, std::string("00"), false)), "A0");
    EXPECT_TRUE(model.ledger().postings().empty());
}

TEST_F(HostFixture, ReplyMtisFromTheTerminalAreNotAnswered) {
    iso8583::Message m = network("301");
    m.mti = "0810";
    EXPECT_FALSE(send(m).reply);
}

// 0500 batch settlement (settlement.hpp): MACed, totals in F48, the host's own count back, 95 when they differ.
iso8583::Message settlement(const std::string& batch, const BatchTotals& t) {
    iso8583::Message m;
    m.mti = "0500";
    m.set(11, "000900");
    m.set(41, HostFixture::kTerminal);
    m.set(48, t.to_f48());
    m.set(60, "00" + batch + kSettlementCode);
    return m;
}

TEST_F(HostFixture, SettlementBalancesAgainstTheBatchAndClosesIt) {
    sign_on();
    iso8583::Message w = financial("01", kPan, kPin, 30000), jammed = financial("01", kPan, kPin, 20000);
    ASSERT_EQ(code_of(send(w)), "00");
    ASSERT_EQ(code_of(send(jammed)), "00");
    send(reversal_of(jammed));
    ASSERT_EQ(code_of(send(financial("21", kPan, std::nullopt, 50000))), "00");
    Outcome o = send(settlement("000001", {1, 30000, 1, 50000}));
    ASSERT_TRUE(o.reply);
    EXPECT_EQ(o.reply->mti, "0510");
    EXPECT_EQ(code_of(o), "00") << o.note;
    EXPECT_EQ(o.reply->at(48), "000000030000001000000050000001" + std::string(1, kBalanced));
    EXPECT_TRUE(o.reply->has(64)) << "the reply is MACed like a financial reply";
    // The batch is closed: the next settlement counts from here.
    EXPECT_EQ(code_of(send(settlement("000002", {}))), "00");
}

TEST_F(HostFixture, SettlementMismatchAnswers95AndStillClosesTheBatch) {
    sign_on();
    ASSERT_EQ(code_of(send(financial("01", kPan, kPin, 30000))), "00");
    Outcome o = send(settlement("000001", {}));
    EXPECT_EQ(code_of(o), "95");
    EXPECT_EQ(o.reply->at(48).back(), kNotBalanced);
    EXPECT_EQ(BatchTotals::parse_f48(o.reply->at(48)), (BatchTotals{1, 30000, 0, 0}));
    EXPECT_EQ(code_of(send(settlement("000002", {}))), "00");
    EXPECT_EQ(find_response_code("95")->handling_class, 'C');
}

// A response rule forcing 95 on a balanced batch settles it like a real 95 (closed, to reconcile); any other forced
// code leaves it open, so the next settlement still counts it.
TEST_F(HostFixture, SettlementForced95ClosesTheBatchOtherForcedCodesLeaveItOpen) {
    sign_on();
    ASSERT_EQ(code_of(send(financial("01", kPan, kPin, 30000))), "00");
    EXPECT_EQ(code_of(send(settlement("000001", {1, 30000, 0, 0}), std::string("96"))), "96");
    Outcome o = send(settlement("000001", {1, 30000, 0, 0}), std::string("95"));
    EXPECT_EQ(code_of(o), "95");
    EXPECT_EQ(o.reply->at(48).back(), kBalanced) << "the totals agree; the rule forced the code";
    EXPECT_EQ(code_of(send(settlement("000002", {}))), "00") << "the batch was closed by the forced 95";
}

TEST_F(HostFixture, SettlementNeedsMacTotalsAndItsCode) {
    sign_on();
    EXPECT_EQ(code_of(send(settlement("000001", {}), std::nullopt, false)), "A0");
    iso8583::Message bad = settlement("000001", {});
    bad.set(48, "12");
    EXPECT_EQ(code_of(send(bad)), "30");
    iso8583::Message other = settlement("000001", {});
    other.set(60, "00000001999");
    EXPECT_EQ(code_of(send(other)), "40");
}

TEST(ResponseCodes, TableKnowsCaptureCodesAndNotBankSpecificOnes) {
    ASSERT_NE(find_response_code("04"), nullptr);
    EXPECT_TRUE(find_response_code("04")->capture);
    EXPECT_TRUE(find_response_code("43")->capture);
    EXPECT_FALSE(find_response_code("51")->capture);
    EXPECT_EQ(find_response_code("A0")->handling_class, 'B');
    EXPECT_EQ(find_response_code("E1"), nullptr);
    EXPECT_EQ(find_response_code("C5"), nullptr);
}

}  // namespace atmbench::host::test
