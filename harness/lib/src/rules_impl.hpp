// The rule functions, one per docs/conformance.md id; rules.cpp puts them in the catalogue with clause and title.
#pragma once

#include "atmbench/harness/facts.hpp"
#include "atmbench/harness/verdict.hpp"

namespace atmbench::harness::rules {

// A. always-on invariants (rules_invariants.cpp)
Verdict inv_money(const Facts&);
Verdict inv_card(const Facts&);
Verdict inv_one_dispense(const Facts&);
Verdict inv_reversal_link(const Facts&);
Verdict inv_no_secrets(const Facts&);
Verdict inv_match(const Facts&);
// B, C. start-up, host link (rules_startup_host.cpp)
Verdict init_cassette_mismatch(const Facts&);
Verdict init_residual_card(const Facts&);
Verdict init_integrity(const Facts&);
Verdict init_residual_notes(const Facts&);
Verdict host_field_check(const Facts&);
Verdict host_unmatched(const Facts&);
Verdict host_format(const Facts&);
Verdict result_uncertain(const Facts&);
Verdict card_luhn(const Facts&);
Verdict func_available(const Facts&);
Verdict cash_precheck(const Facts&);
// D, E. reversal, deposit (rules_reversal_deposit.cpp)
// Power cuts (bench event power-cut, the power_cut step): their times, and whether notes a Dispense put in the
// transport were still there (dispensed, never presented) when the power went at t.
std::vector<std::size_t> power_cuts(const Facts&);
bool notes_left_in_transport(const Facts&, std::int64_t t);
Verdict rev_required(const Facts&);
Verdict rev_record(const Facts&);
Verdict norev_connect(const Facts&);
Verdict norev_send(const Facts&);
Verdict norev_host_retain(const Facts&);
Verdict norev_not_taken(const Facts&);
Verdict norev_touched(const Facts&);
Verdict norev_settled(const Facts&);
Verdict dep_count_confirm(const Facts&);
Verdict dep_return(const Facts&);
Verdict dep_retain_timeout(const Facts&);
Verdict dep_retain_badreply(const Facts&);
Verdict dep_retain_unknown_rc(const Facts&);
Verdict dep_fault_before_confirm(const Facts&);
Verdict dep_fault_after_credit(const Facts&);
Verdict dep_fault_credit_failed(const Facts&);
// F, G, H. timeouts, records, devices and operations (rules_timeouts.cpp, rules_records_ops.cpp)
Verdict tmo_card_read(const Facts&);
Verdict tmo_key(const Facts&);
Verdict tmo_host(const Facts&);
Verdict tmo_deposit_insert(const Facts&);
Verdict tmo_refused_not_taken(const Facts&);
Verdict tmo_cash_not_taken(const Facts&);
Verdict tmo_card_not_taken(const Facts&);
Verdict tmo_heartbeat(const Facts&);
Verdict tmo_screen(const Facts&);
Verdict rec_serials(const Facts&);
Verdict rec_journal(const Facts&);
Verdict rcpt_mask(const Facts&);
Verdict rcpt_exception(const Facts&);
Verdict rec_exception_kept(const Facts&);
Verdict data_cleared(const Facts&);
Verdict ops_no_admin_in_txn(const Facts&);
Verdict dev_cassette_event(const Facts&);
Verdict dev_slot_gate(const Facts&);
Verdict dev_card_consistent(const Facts&);
Verdict dev_dispense_integrity(const Facts&);
Verdict key_remote(const Facts&);

}  // namespace atmbench::harness::rules
