// The lexer of Go's text/template syntax: text, actions between "{{" and
// "}}" with the "{{- " / " -}}" trim markers, comments, and the tokens
// inside actions. Items carry their byte offset and line, which the parser
// and the executor use for Go-exact error positions.
//
// A Lexer is a cursor over a string it does not own; it is not thread-safe.
// After an error item, it returns EOF.

#ifndef TOCSIN_TEMPLATE_LEXER_H_
#define TOCSIN_TEMPLATE_LEXER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tocsin::tmpl {

enum class ItemType {
  kError,  // the value is the error text
  kBool,
  kChar,  // a printable ASCII character (comma and the like)
  kCharConstant,
  kComment,
  kComplex,
  kAssign,   // =
  kDeclare,  // :=
  kEOF,
  kField,       // .Name
  kIdentifier,  // a function name
  kLeftDelim,
  kLeftParen,
  kNumber,
  kPipe,
  kRawString,
  kRightDelim,
  kRightParen,
  kSpace,
  kString,
  kText,
  kVariable,  // $ or $name
  // Keywords follow.
  kKeyword,
  kBlock,
  kBreak,
  kContinue,
  kDot,
  kDefine,
  kElse,
  kEnd,
  kIf,
  kNil,
  kRange,
  kTemplate,
  kWith,
};

struct Item {
  ItemType type = ItemType::kEOF;
  size_t pos = 0;  // byte offset in the input
  std::string_view val;
  std::string error;  // the message of a kError item
  int line = 1;

  // Go's item.String(): EOF, the error text, <keyword>, or the quoted
  // value (shortened to 10 characters plus "...").
  std::string String() const;
};

class Lexer {
 public:
  // `break_ok` / `continue_ok`: whether "break" and "continue" are keywords
  // (they are not when a function of that name exists).
  Lexer(std::string_view input, bool break_ok, bool continue_ok);

  Item Next();

 private:
  enum class State {
    kText,
    kLeftDelim,
    kComment,
    kRightDelim,
    kInsideAction,
    kSpace,
    kIdentifier,
    kField,
    kVariable,
    kChar,
    kNumber,
    kQuote,
    kRawQuote,
    kDone,
  };

  int32_t NextRune();
  int32_t Peek();
  void Backup();
  Item ThisItem(ItemType t);
  void Ignore();
  bool Accept(std::string_view valid);
  void AcceptRun(std::string_view valid);
  bool AtTerminator();
  std::pair<bool, bool> AtRightDelim();  // (delimiter, trim marker)
  bool ScanNumber();

  // Each state function either produces an item (returns true) or moves to
  // the next state.
  bool LexText(Item* out);
  bool LexLeftDelim(Item* out);
  bool LexComment(Item* out);
  bool LexRightDelim(Item* out);
  bool LexInsideAction(Item* out);
  bool LexSpace(Item* out);
  bool LexIdentifier(Item* out);
  bool LexFieldOrVariable(Item* out, ItemType type);
  bool LexChar(Item* out);
  bool LexNumber(Item* out);
  bool LexQuote(Item* out);
  bool LexRawQuote(Item* out);
  bool Errorf(Item* out, std::string message);

  std::string_view input_;
  bool break_ok_;
  bool continue_ok_;
  State state_ = State::kText;
  size_t pos_ = 0;
  size_t start_ = 0;
  bool at_eof_ = false;
  int paren_depth_ = 0;
  int line_ = 1;
  int start_line_ = 1;
  bool inside_action_ = false;
  bool paren_error_ = false;  // a ')' without '(' was emitted
};

}  // namespace tocsin::tmpl

#endif  // TOCSIN_TEMPLATE_LEXER_H_
