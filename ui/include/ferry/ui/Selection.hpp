#pragma once

#include <QObject>
#include <QStringList>

namespace ferry::ui {

/// The ids of the selected sites and workloads, shared by the canvas and every panel so that
/// selecting in one selects in all.
class Selection : public QObject {
    Q_OBJECT
public:
    explicit Selection(QObject* parent = nullptr) : QObject(parent) {}

    /// The selection id of a network link: "link:" and its id (links may share ids with sites).
    static QString linkKey(const QString& linkId) { return QStringLiteral("link:") + linkId; }
    /// The link id in a selection id, or an empty string when the id is not a link's.
    static QString linkOf(const QString& id) {
        return id.startsWith(QLatin1String("link:")) ? id.mid(5) : QString();
    }

    /// Selected object ids (site or workload ids; a dependency's is "from->to"; a link's
    /// linkKey(id)).
    const QStringList& ids() const { return m_ids; }
    /// True when id is selected.
    bool contains(const QString& id) const { return m_ids.contains(id); }

public slots:
    /// Replace the selection; emits changed only when it differs.
    void set(const QStringList& ids) {
        if (ids == m_ids)
            return;
        m_ids = ids;
        emit changed(m_ids);
    }
    /// Select nothing.
    void clear() { set({}); }

signals:
    /// The selection is now ids.
    void changed(const QStringList& ids);
    /// A view asks every other view to bring this object into sight (search, findings).
    void focusRequested(const QString& id);

public:
    /// Select one object and ask views to show it.
    void focus(const QString& id) {
        set({id});
        emit focusRequested(id);
    }

private:
    QStringList m_ids;
};

} // namespace ferry::ui
