#include "atmbench/certify/spec.hpp"

#include <algorithm>
#include <map>

namespace atmbench::certify::spec {

namespace {

// Only the messages whose 2024-03 version is not 2.0 are listed with one; every other known message is 2.0
// (docs/references.md [XFS4IoT] §3, "A version is shown only where the command is not 2.0").
struct Known {
    const char* command;
    const char* completion;
};

const std::map<std::string, Known, std::less<>>& commands() {
    static const std::map<std::string, Known, std::less<>> table{
        // Common (§3 Common: Status completion 3.0, Capabilities 3.0)
        {"Common.Status", {"2.0", "3.0"}},
        {"Common.Capabilities", {"3.0", "3.0"}},
        {"Common.SetVersions", {"2.0", "2.0"}},
        {"Common.Cancel", {"2.0", "2.0"}},
        {"Common.SetTransactionState", {"2.0", "2.0"}},
        {"Common.GetTransactionState", {"2.0", "2.0"}},
        {"Common.GetCommandNonce", {"2.0", "2.0"}},
        {"Common.ClearCommandNonce", {"2.0", "2.0"}},
        {"ServicePublisher.GetServices", {"2.0", "2.0"}},
        // CardReader
        {"CardReader.ReadRawData", {"2.0", "3.0"}},
        {"CardReader.Move", {"2.0", "2.0"}},
        {"CardReader.Reset", {"2.0", "2.0"}},
        {"CardReader.WriteRawData", {"3.0", "3.0"}},
        {"CardReader.ChipIO", {"3.0", "3.0"}},
        {"CardReader.ChipPower", {"2.0", "2.0"}},
        {"CardReader.SetKey", {"3.0", "3.0"}},
        {"CardReader.QueryIFMIdentifier", {"2.0", "2.0"}},
        {"CardReader.EMVClessConfigure", {"3.0", "3.0"}},
        {"CardReader.EMVClessPerformTransaction", {"3.0", "3.0"}},
        {"CardReader.EMVClessIssuerUpdate", {"3.0", "3.0"}},
        {"CardReader.EMVClessQueryApplications", {"2.0", "2.0"}},
        // CashDispenser
        {"CashDispenser.Denominate", {"3.0", "3.0"}},
        {"CashDispenser.Dispense", {"3.0", "3.0"}},
        {"CashDispenser.Present", {"2.0", "2.0"}},
        {"CashDispenser.Reject", {"2.0", "2.0"}},
        {"CashDispenser.GetPresentStatus", {"2.0", "2.0"}},
        {"CashDispenser.PrepareDispense", {"2.0", "2.0"}},
        {"CashDispenser.Count", {"2.0", "2.0"}},
        {"CashDispenser.TestCashUnits", {"2.0", "2.0"}},
        {"CashDispenser.GetMixTypes", {"2.0", "2.0"}},
        {"CashDispenser.GetMixTable", {"2.0", "2.0"}},
        {"CashDispenser.SetMixTable", {"2.0", "2.0"}},
        // CashManagement (GetItemInfo: completion 3.0)
        {"CashManagement.Retract", {"2.0", "2.0"}},
        {"CashManagement.Reset", {"2.0", "2.0"}},
        {"CashManagement.OpenShutter", {"2.0", "2.0"}},
        {"CashManagement.CloseShutter", {"2.0", "2.0"}},
        {"CashManagement.CalibrateCashUnit", {"2.0", "2.0"}},
        {"CashManagement.GetBankNoteTypes", {"2.0", "2.0"}},
        {"CashManagement.GetClassificationList", {"2.0", "2.0"}},
        {"CashManagement.SetClassificationList", {"2.0", "2.0"}},
        {"CashManagement.GetItemInfo", {"2.0", "3.0"}},
        {"CashManagement.GetTellerInfo", {"2.0", "2.0"}},
        {"CashManagement.SetTellerInfo", {"2.0", "2.0"}},
        // CashAcceptor (CompareSignature 3.0)
        {"CashAcceptor.CashInStart", {"2.0", "2.0"}},
        {"CashAcceptor.CashIn", {"2.0", "2.0"}},
        {"CashAcceptor.CashInEnd", {"2.0", "2.0"}},
        {"CashAcceptor.CashInRollback", {"2.0", "2.0"}},
        {"CashAcceptor.GetCashInStatus", {"2.0", "2.0"}},
        {"CashAcceptor.PreparePresent", {"2.0", "2.0"}},
        {"CashAcceptor.PresentMedia", {"2.0", "2.0"}},
        {"CashAcceptor.GetPresentStatus", {"2.0", "2.0"}},
        {"CashAcceptor.ConfigureNoteTypes", {"2.0", "2.0"}},
        {"CashAcceptor.ConfigureNoteReader", {"2.0", "2.0"}},
        {"CashAcceptor.CashUnitCount", {"2.0", "2.0"}},
        {"CashAcceptor.Replenish", {"2.0", "2.0"}},
        {"CashAcceptor.GetReplenishTarget", {"2.0", "2.0"}},
        {"CashAcceptor.Deplete", {"2.0", "2.0"}},
        {"CashAcceptor.GetDepleteSource", {"2.0", "2.0"}},
        {"CashAcceptor.DeviceLockControl", {"2.0", "2.0"}},
        {"CashAcceptor.GetDeviceLockStatus", {"2.0", "2.0"}},
        {"CashAcceptor.CreateSignature", {"2.0", "2.0"}},
        {"CashAcceptor.CompareSignature", {"3.0", "3.0"}},
        // Storage (GetStorage: completion 2.1; SetStorage 2.1)
        {"Storage.GetStorage", {"2.0", "2.1"}},
        {"Storage.SetStorage", {"2.1", "2.1"}},
        {"Storage.StartExchange", {"2.0", "2.0"}},
        {"Storage.EndExchange", {"2.0", "2.0"}},
        // Keyboard (SecureKeyEntry 2.1, DefineLayout 3.0)
        {"Keyboard.PinEntry", {"2.0", "2.0"}},
        {"Keyboard.DataEntry", {"2.0", "2.0"}},
        {"Keyboard.SecureKeyEntry", {"2.1", "2.1"}},
        {"Keyboard.GetLayout", {"2.0", "2.0"}},
        {"Keyboard.DefineLayout", {"3.0", "3.0"}},
        {"Keyboard.KeypressBeep", {"2.0", "2.0"}},
        {"Keyboard.Reset", {"2.0", "2.0"}},
        // PinPad (LocalVisa, PresentIDC 3.0)
        {"PinPad.GetPinBlock", {"2.0", "2.0"}},
        {"PinPad.LocalDES", {"2.0", "2.0"}},
        {"PinPad.LocalVisa", {"3.0", "3.0"}},
        {"PinPad.PresentIDC", {"3.0", "3.0"}},
        {"PinPad.SetPinBlockData", {"2.0", "2.0"}},
        {"PinPad.MaintainPin", {"2.0", "2.0"}},
        {"PinPad.GetQueryPCIPTSDeviceId", {"2.0", "2.0"}},
        {"PinPad.Reset", {"2.0", "2.0"}},
        // Crypto
        {"Crypto.CryptoData", {"3.0", "3.0"}},
        {"Crypto.GenerateAuthentication", {"3.0", "3.0"}},
        {"Crypto.VerifyAuthentication", {"3.0", "3.0"}},
        {"Crypto.Digest", {"3.0", "3.0"}},
        {"Crypto.GenerateRandom", {"2.0", "2.0"}},
        // KeyManagement
        {"KeyManagement.ImportKey", {"3.0", "3.0"}},
        {"KeyManagement.ImportKeyToken", {"3.0", "3.0"}},
        {"KeyManagement.ImportEmvPublicKey", {"3.0", "3.0"}},
        {"KeyManagement.DeleteKey", {"3.0", "3.0"}},
        {"KeyManagement.GetKeyDetail", {"2.0", "2.0"}},
        {"KeyManagement.GenerateKCV", {"2.0", "2.0"}},
        {"KeyManagement.DeriveKey", {"2.0", "2.0"}},
        {"KeyManagement.Initialization", {"3.0", "3.0"}},
        {"KeyManagement.Reset", {"2.0", "2.0"}},
        {"KeyManagement.StartKeyExchange", {"2.0", "2.0"}},
        {"KeyManagement.StartAuthenticate", {"2.0", "2.0"}},
        {"KeyManagement.GenerateRSAKeyPair", {"2.0", "2.0"}},
        {"KeyManagement.ExportRSAIssuerSignedItem", {"2.0", "2.0"}},
        {"KeyManagement.ExportRSADeviceSignedItem", {"2.0", "2.0"}},
        {"KeyManagement.GetCertificate", {"2.0", "2.0"}},
        {"KeyManagement.LoadCertificate", {"3.0", "3.0"}},
        {"KeyManagement.ReplaceCertificate", {"3.0", "3.0"}},
        // Printer
        {"Printer.PrintForm", {"3.0", "3.0"}},
        {"Printer.PrintRaw", {"3.0", "3.0"}},
        {"Printer.PrintNative", {"3.0", "3.0"}},
        {"Printer.ControlMedia", {"3.0", "3.0"}},
        {"Printer.ReadForm", {"3.0", "3.0"}},
        {"Printer.ReadImage", {"3.0", "3.0"}},
        {"Printer.RetractMedia", {"3.0", "3.0"}},
        {"Printer.Reset", {"3.0", "3.0"}},
        {"Printer.MediaExtents", {"3.0", "3.0"}},
        {"Printer.GetFormList", {"2.0", "2.0"}},
        {"Printer.GetMediaList", {"2.0", "2.0"}},
        {"Printer.GetQueryForm", {"2.0", "2.0"}},
        {"Printer.GetQueryField", {"2.0", "2.0"}},
        {"Printer.GetQueryMedia", {"3.0", "3.0"}},
        {"Printer.LoadDefinition", {"2.0", "2.0"}},
        {"Printer.SetForm", {"1.0", "1.0"}},
        {"Printer.SetMedia", {"1.0", "1.0"}},
        {"Printer.SetBlackMarkMode", {"2.0", "2.0"}},
        {"Printer.DispensePaper", {"2.0", "2.0"}},
        {"Printer.ResetCount", {"2.0", "2.0"}},
        {"Printer.SupplyReplenish", {"2.0", "2.0"}},
        {"Printer.ControlPassbook", {"2.0", "2.0"}},
        {"Printer.ClearBuffer", {"2.0", "2.0"}},
        // TextTerminal
        {"TextTerminal.Write", {"2.0", "2.0"}},
        {"TextTerminal.WriteForm", {"2.0", "2.0"}},
        {"TextTerminal.Read", {"2.0", "2.0"}},
        {"TextTerminal.ReadForm", {"2.0", "2.0"}},
        {"TextTerminal.ClearScreen", {"2.0", "2.0"}},
        {"TextTerminal.Beep", {"2.0", "2.0"}},
        {"TextTerminal.DefineKeys", {"2.0", "2.0"}},
        {"TextTerminal.GetKeyDetail", {"2.0", "2.0"}},
        {"TextTerminal.SetResolution", {"2.0", "2.0"}},
        {"TextTerminal.GetFormList", {"2.0", "2.0"}},
        {"TextTerminal.GetQueryForm", {"2.0", "2.0"}},
        {"TextTerminal.GetQueryField", {"2.0", "2.0"}},
        {"TextTerminal.LoadForm", {"2.0", "2.0"}},
        {"TextTerminal.SetForm", {"2.0", "2.0"}},
        {"TextTerminal.Reset", {"2.0", "2.0"}},
        // Lights, Auxiliaries
        {"Lights.SetLight", {"3.0", "3.0"}},
        {"Auxiliaries.SetAuxiliaries", {"2.0", "2.0"}},
        {"Auxiliaries.Register", {"2.0", "2.0"}},
        {"Auxiliaries.GetAutoStartupTime", {"2.0", "2.0"}},
        {"Auxiliaries.SetAutoStartupTime", {"2.0", "2.0"}},
        {"Auxiliaries.ClearAutoStartupTime", {"2.0", "2.0"}},
    };
    return table;
}

const std::map<std::string, const char*, std::less<>>& events() {
    static const std::map<std::string, const char*, std::less<>> table{
        {"Common.StatusChangedEvent", "3.0"},
        {"Common.ErrorEvent", "2.0"},
        {"Common.NonceClearedEvent", "2.0"},
        {"ServicePublisher.ServiceDetailEvent", "2.0"},
        {"CardReader.InsertCardEvent", "2.0"},
        {"CardReader.MediaInsertedEvent", "2.0"},
        {"CardReader.InvalidMediaEvent", "2.0"},
        {"CardReader.TrackDetectedEvent", "2.0"},
        {"CardReader.EMVClessReadStatusEvent", "2.0"},
        {"CardReader.MediaRemovedEvent", "2.0"},
        {"CardReader.MediaDetectedEvent", "2.0"},
        {"CardReader.CardActionEvent", "2.0"},
        {"CashDispenser.StartDispenseEvent", "2.0"},
        {"CashDispenser.DelayedDispenseEvent", "2.0"},
        {"CashDispenser.IncompleteDispenseEvent", "3.0"},
        {"CashManagement.IncompleteRetractEvent", "2.0"},
        {"CashManagement.InfoAvailableEvent", "2.0"},
        {"CashManagement.NoteErrorEvent", "2.0"},
        {"CashManagement.ItemsTakenEvent", "2.0"},
        {"CashManagement.ItemsPresentedEvent", "2.0"},
        {"CashManagement.ItemsInsertedEvent", "2.0"},
        {"CashManagement.ShutterStatusChangedEvent", "2.0"},
        {"CashManagement.MediaDetectedEvent", "2.0"},
        {"CashManagement.TellerInfoChangedEvent", "2.0"},
        {"CashAcceptor.InsertItemsEvent", "2.0"},
        {"CashAcceptor.InputRefuseEvent", "2.0"},
        {"CashAcceptor.SubCashInEvent", "2.0"},
        {"CashAcceptor.IncompleteReplenishEvent", "2.0"},
        {"CashAcceptor.IncompleteDepleteEvent", "2.0"},
        {"Storage.StorageErrorEvent", "2.0"},
        {"Storage.StorageThresholdEvent", "2.0"},
        {"Storage.StorageChangedEvent", "2.0"},
        {"Storage.CountsChangedEvent", "2.0"},
        {"Keyboard.KeyEvent", "2.0"},
        {"Keyboard.EnterDataEvent", "2.0"},
        {"Keyboard.LayoutEvent", "2.0"},
        {"KeyManagement.DUKPTKSNEvent", "2.0"},
        {"KeyManagement.IllegalKeyAccessEvent", "2.0"},
        {"KeyManagement.InitializedEvent", "2.0"},
        {"KeyManagement.CertificateChangeEvent", "2.0"},
        {"Printer.NoMediaEvent", "2.0"},
        {"Printer.MediaInsertedEvent", "2.0"},
        {"Printer.MediaPresentedEvent", "2.0"},
        {"Printer.MediaRejectedEvent", "2.0"},
        {"Printer.FieldErrorEvent", "2.0"},
        {"Printer.FieldWarningEvent", "2.0"},
        {"Printer.MediaTakenEvent", "2.0"},
        {"Printer.MediaDetectedEvent", "2.0"},
        {"Printer.MediaAutoRetractedEvent", "2.0"},
        {"Printer.PaperThresholdEvent", "2.0"},
        {"Printer.TonerThresholdEvent", "2.0"},
        {"Printer.InkThresholdEvent", "2.0"},
        {"Printer.LampThresholdEvent", "2.0"},
        {"Printer.RetractBinThresholdEvent", "2.0"},
        {"Printer.RetractBinStatusEvent", "2.0"},
        {"Printer.DefinitionLoadedEvent", "2.0"},
        {"Printer.MediaInsertedUnsolicitedEvent", "2.0"},
        {"Printer.MediaPresentedUnsolicitedEvent", "2.0"},
        {"TextTerminal.KeyEvent", "2.0"},
        {"TextTerminal.FieldErrorEvent", "2.0"},
        {"TextTerminal.FieldWarningEvent", "2.0"},
        {"TextTerminal.FormLoadedEvent", "2.0"},
    };
    return table;
}

}  // namespace

std::optional<CommandVersions> command_versions(std::string_view name) {
    auto it = commands().find(name);
    if (it == commands().end()) return std::nullopt;
    return CommandVersions{it->second.command, it->second.completion};
}

std::optional<std::string> event_version(std::string_view name) {
    auto it = events().find(name);
    if (it == events().end()) return std::nullopt;
    return std::string(it->second);
}

const std::vector<std::string>& completion_codes() {
    static const std::vector<std::string> codes{
        "success", "commandErrorCode", "canceled", "deviceNotReady", "hardwareError", "internalError",
        "invalidCommand", "invalidRequestID", "timeOut", "unsupportedCommand", "invalidData", "userError",
        "unsupportedData", "fraudAttempt", "sequenceError", "authorisationRequired", "noCommandNonce",
        "invalidToken", "invalidTokenNonce", "invalidTokenHMAC", "invalidTokenFormat", "invalidTokenKeyNoValue",
        "notEnoughSpace"};
    return codes;
}

bool is_completion_code(std::string_view code) {
    const auto& c = completion_codes();
    return std::find(c.begin(), c.end(), code) != c.end();
}

bool is_rejecting_ack_status(std::string_view status) {
    return status == "invalidMessage" || status == "invalidRequestID" || status == "tooManyRequests";
}

bool header_field_allowed(std::string_view type, std::string_view field) {
    if (field == "type" || field == "name" || field == "version") return true;
    if (field == "requestId") return type != "unsolicited";
    if (field == "timeout") return type == "command";
    if (field == "status") return type == "acknowledge";
    if (field == "completionCode" || field == "errorDescription") return type == "completion";
    return false;
}

int major_of(std::string_view version) {
    int m = 0;
    std::size_t i = 0;
    for (; i < version.size() && version[i] >= '0' && version[i] <= '9' && m < 100000; ++i) m = m * 10 + (version[i] - '0');
    return i == 0 ? 0 : m;
}

}  // namespace atmbench::certify::spec
