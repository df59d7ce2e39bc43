#include "notifiers/durable_log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "notifiers/record_codec.h"

namespace tocsin::notifiers {
namespace {

Status Errno(const std::string& what) {
  return Status::IOError(what + ": " + std::strerror(errno));
}

void PutU32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}
uint32_t GetU32(std::string_view s, size_t at) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) {
    v |= static_cast<uint32_t>(static_cast<uint8_t>(s[at + i])) << (8 * i);
  }
  return v;
}

std::string Frame(std::string_view record) {
  std::string out;
  out.reserve(record.size() + 8);
  PutU32(out, static_cast<uint32_t>(record.size()));
  PutU32(out, Crc32c(record));
  out.append(record);
  return out;
}

// Applies the valid frames of `data`; returns the length of the valid
// prefix.
size_t Replay(std::string_view data,
              const std::function<void(std::string_view)>& apply) {
  size_t pos = 0;
  while (data.size() - pos >= 8) {
    uint32_t len = GetU32(data, pos);
    uint32_t crc = GetU32(data, pos + 4);
    if (data.size() - pos - 8 < len) break;
    std::string_view rec = data.substr(pos + 8, len);
    if (Crc32c(rec) != crc) break;
    apply(rec);
    pos += 8 + len;
  }
  return pos;
}

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buf;
  buf << in.rdbuf();
  *out = buf.str();
  return true;
}

Status WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("write " + path);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return Status::OK();
}

Status SyncDir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return Errno("open " + dir);
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return Errno("fsync " + dir);
  return Status::OK();
}

}  // namespace

Status WriteFileAtomically(const std::string& path, std::string_view data) {
  const std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return Errno("open " + tmp);
  Status s = WriteAll(fd, data, tmp);
  if (s.ok() && ::fsync(fd) != 0) s = Errno("fsync " + tmp);
  ::close(fd);
  if (!s.ok()) return s;
  if (::rename(tmp.c_str(), path.c_str()) != 0) return Errno("rename " + tmp);
  std::string dir = std::filesystem::path(path).parent_path().string();
  return SyncDir(dir.empty() ? "." : dir);
}

Result<std::unique_ptr<DurableLog>> DurableLog::Open(
    const std::string& dir, const std::string& name,
    const std::function<void(std::string_view)>& apply) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IOError("create " + dir + ": " + ec.message());
  std::unique_ptr<DurableLog> log(new DurableLog(dir, name));
  std::string snap;
  if (ReadFile(log->SnapPath(), &snap)) Replay(snap, apply);
  std::string wal;
  size_t valid = 0;
  if (ReadFile(log->WalPath(), &wal)) valid = Replay(wal, apply);
  log->wal_fd_ = ::open(log->WalPath().c_str(), O_WRONLY | O_CREAT, 0644);
  if (log->wal_fd_ < 0) return Errno("open " + log->WalPath());
  if (valid != wal.size()) {
    // A torn write at the end: cut it off so that new frames follow the
    // last good one.
    if (::ftruncate(log->wal_fd_, static_cast<off_t>(valid)) != 0) {
      return Errno("truncate " + log->WalPath());
    }
    ::fsync(log->wal_fd_);
  }
  if (::lseek(log->wal_fd_, static_cast<off_t>(valid), SEEK_SET) < 0) {
    return Errno("seek " + log->WalPath());
  }
  log->wal_bytes_ = valid;
  Status s = SyncDir(dir);
  if (!s.ok()) return s;
  return log;
}

DurableLog::~DurableLog() {
  if (wal_fd_ >= 0) ::close(wal_fd_);
}

Status DurableLog::Append(std::string_view record) {
  std::string frame = Frame(record);
  std::lock_guard<std::mutex> lock(mu_);
  Status s = WriteAll(wal_fd_, frame, WalPath());
  if (!s.ok()) return s;
  if (::fdatasync(wal_fd_) != 0) return Errno("fsync " + WalPath());
  wal_bytes_ += frame.size();
  return Status::OK();
}

Status DurableLog::Snapshot(const std::vector<std::string>& records) {
  std::string data;
  for (const std::string& r : records) data += Frame(r);
  std::lock_guard<std::mutex> lock(mu_);
  Status s = WriteFileAtomically(SnapPath(), data);
  if (!s.ok()) return s;
  if (::ftruncate(wal_fd_, 0) != 0) return Errno("truncate " + WalPath());
  if (::lseek(wal_fd_, 0, SEEK_SET) < 0) return Errno("seek " + WalPath());
  if (::fsync(wal_fd_) != 0) return Errno("fsync " + WalPath());
  wal_bytes_ = 0;
  return Status::OK();
}

size_t DurableLog::wal_bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return wal_bytes_;
}

}  // namespace tocsin::notifiers
