#include <ferry/ui/CanvasFindBar.hpp>

#include <ferry/ui/CanvasView.hpp>

#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>

namespace ferry::ui {

CanvasFindBar::CanvasFindBar(CanvasView& view, QWidget* parent) : QWidget(parent), m_view(view) {
    setObjectName(QStringLiteral("canvasFindBar"));
    setAutoFillBackground(true);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 4, 4, 4);
    layout->setSpacing(4);
    m_field = new QLineEdit(this);
    m_field->setClearButtonEnabled(true);
    m_field->setMinimumWidth(220);
    m_count = new QLabel(this);
    m_count->setMinimumWidth(60);
    auto* previous = m_previous = new QToolButton(this);
    previous->setArrowType(Qt::UpArrow);
    auto* next = m_next = new QToolButton(this);
    next->setArrowType(Qt::DownArrow);
    auto* close = m_close = new QToolButton(this);
    close->setText(QStringLiteral("✕"));
    close->setAutoRaise(true);
    retranslateUi();
    layout->addWidget(m_field);
    layout->addWidget(m_count);
    layout->addWidget(previous);
    layout->addWidget(next);
    layout->addWidget(close);
    connect(m_field, &QLineEdit::textChanged, this, &CanvasFindBar::search);
    connect(m_field, &QLineEdit::returnPressed, this,
            [this] { step(QApplication::keyboardModifiers() & Qt::ShiftModifier ? -1 : 1); });
    connect(previous, &QToolButton::clicked, this, [this] { step(-1); });
    connect(next, &QToolButton::clicked, this, [this] { step(1); });
    connect(close, &QToolButton::clicked, this, [this] {
        hide();
        m_view.setFocus();
    });
    hide();
}

void CanvasFindBar::retranslateUi() {
    m_field->setPlaceholderText(tr("Find by name, id, owner or tag"));
    m_previous->setToolTip(tr("Previous match (Shift+Enter)"));
    m_next->setToolTip(tr("Next match (Enter)"));
    m_close->setToolTip(tr("Close (Escape)"));
    if (m_current >= 0 && !m_matches.isEmpty())
        m_count->setText(tr("%1 of %2").arg(m_current + 1).arg(m_matches.size()));
    else if (!m_field->text().trimmed().isEmpty() && m_matches.isEmpty())
        m_count->setText(tr("No match"));
}

void CanvasFindBar::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void CanvasFindBar::activate() {
    show();
    raise();
    adjustSize();
    m_field->setFocus();
    m_field->selectAll();
}

void CanvasFindBar::search() {
    m_matches = m_view.find(m_field->text());
    m_current = -1;
    if (m_field->text().trimmed().isEmpty())
        m_count->clear();
    else if (m_matches.isEmpty())
        m_count->setText(tr("No match"));
    else
        step(1);
}

void CanvasFindBar::step(int direction) {
    if (m_matches.isEmpty())
        return;
    const int n = int(m_matches.size());
    m_current = ((m_current + direction) % n + n) % n;
    m_count->setText(tr("%1 of %2").arg(m_current + 1).arg(n));
    m_view.focusObject(m_matches[m_current]);
}

void CanvasFindBar::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Escape) {
        hide();
        m_view.setFocus();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace ferry::ui
