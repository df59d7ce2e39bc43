// Crash-safe storage of a set of records (silences, notification log
// entries) under the router's storage path: a snapshot file written
// atomically (temporary file, fsync, rename, fsync of the directory) and a
// write-ahead log of the records changed since, each appended and fsynced
// before the change takes effect. Loading replays the snapshot, then the
// log; a torn record at the end of the log (a crash mid-write) is dropped
// and cut off. Records must be idempotent upserts: after a crash between
// a snapshot and the log's truncation, records are replayed twice.
//
// Frames are [length u32][CRC-32C u32][payload], little-endian.
// Thread-safe.

#ifndef TOCSIN_NOTIFIERS_DURABLE_LOG_H_
#define TOCSIN_NOTIFIERS_DURABLE_LOG_H_

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "promql/status.h"

namespace tocsin::notifiers {

// Replaces the file at `path` with `data` so that a crash leaves either the
// old or the new content: a temporary file beside it, fsync, rename, fsync
// of the directory.
Status WriteFileAtomically(const std::string& path, std::string_view data);

class DurableLog {
 public:
  // Opens (creating `dir` if needed) the files `dir`/`name`.snap and
  // `dir`/`name`.wal, and replays them through `apply`.
  static Result<std::unique_ptr<DurableLog>> Open(
      const std::string& dir, const std::string& name,
      const std::function<void(std::string_view record)>& apply);
  ~DurableLog();

  // Appends one record to the write-ahead log and waits for it to be on
  // disk.
  Status Append(std::string_view record);
  // Replaces the snapshot with `records` and empties the log.
  Status Snapshot(const std::vector<std::string>& records);

  // Bytes in the write-ahead log (for deciding when to snapshot).
  size_t wal_bytes() const;

 private:
  DurableLog(std::string dir, std::string name) : dir_(dir), name_(name) {}
  std::string SnapPath() const { return dir_ + "/" + name_ + ".snap"; }
  std::string WalPath() const { return dir_ + "/" + name_ + ".wal"; }

  std::string dir_;
  std::string name_;
  mutable std::mutex mu_;
  int wal_fd_ = -1;
  size_t wal_bytes_ = 0;
};

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_DURABLE_LOG_H_
