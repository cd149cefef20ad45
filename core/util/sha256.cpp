#include "util/sha256.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <fstream>
#include <memory>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

namespace followup::core {
namespace {

class Digest {
public:
    Digest() : ctx_(EVP_MD_CTX_new(), &EVP_MD_CTX_free) {
        if (!ctx_ || EVP_DigestInit_ex(ctx_.get(), EVP_sha256(), nullptr) != 1)
            throw std::runtime_error("SHA-256: OpenSSL could not initialise a digest");
    }
    void update(const void* data, std::size_t size) { EVP_DigestUpdate(ctx_.get(), data, size); }
    std::string hex() {
        unsigned char out[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        EVP_DigestFinal_ex(ctx_.get(), out, &length);
        std::string text;
        text.reserve(length * 2);
        for (unsigned int i = 0; i < length; ++i) text += fmt::format("{:02x}", out[i]);
        return text;
    }

private:
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx_;
};

}  // namespace

struct Sha256::State {
    EVP_MD* md = nullptr;
    EVP_MD_CTX* ctx = nullptr;
};

Sha256::Sha256() : state_(new State) {
    // Fetched once: EVP_sha256() looks the implementation up on every call in OpenSSL 3.
    state_->md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    state_->ctx = EVP_MD_CTX_new();
    if (state_->md == nullptr || state_->ctx == nullptr) throw std::runtime_error("SHA-256: OpenSSL could not initialise a digest");
}

Sha256::~Sha256() {
    EVP_MD_CTX_free(state_->ctx);
    EVP_MD_free(state_->md);
    delete state_;
}

Sha256& Sha256::begin() {
    EVP_DigestInit_ex(state_->ctx, state_->md, nullptr);
    return *this;
}

Sha256& Sha256::add(std::string_view bytes) {
    EVP_DigestUpdate(state_->ctx, bytes.data(), bytes.size());
    return *this;
}

std::string Sha256::hex() {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(state_->ctx, out, &length);
    static constexpr char digits[] = "0123456789abcdef";
    std::string text(length * 2, '0');
    for (unsigned int i = 0; i < length; ++i) {
        text[2 * i] = digits[out[i] >> 4];
        text[2 * i + 1] = digits[out[i] & 0x0F];
    }
    return text;
}

std::string sha256_file_hex(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error(fmt::format("cannot read '{}' to compute its SHA-256", file.string()));
    Digest digest;
    std::vector<char> buffer(1 << 16);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        digest.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
    }
    return digest.hex();
}

std::string sha256_hex(std::string_view bytes) {
    // One-shot: this runs once per audit entry, and a context per call costs more than the hash.
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), out, &length, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256: OpenSSL failed");
    static constexpr char hex[] = "0123456789abcdef";
    std::string text(length * 2, '0');
    for (unsigned int i = 0; i < length; ++i) {
        text[2 * i] = hex[out[i] >> 4];
        text[2 * i + 1] = hex[out[i] & 0x0F];
    }
    return text;
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
    std::unique_ptr<EVP_MAC, decltype(&EVP_MAC_free)> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr), &EVP_MAC_free);
    if (!mac) throw std::runtime_error("HMAC: OpenSSL has no HMAC");
    std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> ctx(EVP_MAC_CTX_new(mac.get()), &EVP_MAC_CTX_free);
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0), OSSL_PARAM_construct_end()};
    if (!ctx || EVP_MAC_init(ctx.get(), reinterpret_cast<const unsigned char*>(key.data()), key.size(), params) != 1 ||
        EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1)
        throw std::runtime_error("HMAC: OpenSSL could not compute it");
    unsigned char out[EVP_MAX_MD_SIZE];
    std::size_t length = 0;
    if (EVP_MAC_final(ctx.get(), out, &length, sizeof out) != 1) throw std::runtime_error("HMAC: OpenSSL could not finish it");
    std::string text;
    text.reserve(length * 2);
    for (std::size_t i = 0; i < length; ++i) text += fmt::format("{:02x}", out[i]);
    return text;
}

std::string random_hex(std::size_t bytes) {
    std::vector<unsigned char> buffer(bytes);
    if (RAND_bytes(buffer.data(), static_cast<int>(buffer.size())) != 1)
        throw std::runtime_error("OpenSSL's random generator failed");
    std::string text;
    text.reserve(bytes * 2);
    for (unsigned char b : buffer) text += fmt::format("{:02x}", b);
    return text;
}

}  // namespace followup::core
