#pragma once

#include <QStringList>
#include <QWidget>

class QLabel;
class QLineEdit;
class QToolButton;

namespace ferry::ui {

class CanvasView;

/// The canvas's find bar (Ctrl+F): type part of a name, id, owner or tag; Enter jumps to the
/// next match, Shift+Enter to the previous one, Escape closes it.
class CanvasFindBar : public QWidget {
    Q_OBJECT
public:
    explicit CanvasFindBar(CanvasView& view, QWidget* parent);

    /// Show the bar and put the cursor in its field.
    void activate();
    /// The search field (for tests).
    QLineEdit* field() const { return m_field; }

protected:
    void keyPressEvent(QKeyEvent* event) override;
    /// Relabel when the interface language changes.
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void search();
    void step(int direction);

    CanvasView& m_view;
    QLineEdit* m_field = nullptr;
    QLabel* m_count = nullptr;
    QToolButton* m_previous = nullptr;
    QToolButton* m_next = nullptr;
    QToolButton* m_close = nullptr;
    QStringList m_matches;
    int m_current = -1;
};

} // namespace ferry::ui
