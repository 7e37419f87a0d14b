#include <catch2/catch.hpp>

#include <QFile>
#include <QXmlStreamReader>

namespace {

const QString kChinese = QStringLiteral(FERRY_SOURCE_DIR "/translations/ferry_zh_CN.ts");

struct TsMessage {
    QString context;
    QString source;
    QString type;             ///< The translation's type attribute ("unfinished", ...).
    QStringList translations; ///< The text, or each numerus form.
    qint64 line = 0;
};

std::vector<TsMessage> readTs(const QString& path) {
    QFile file(path);
    REQUIRE(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    std::vector<TsMessage> messages;
    QString context;
    TsMessage current;
    bool inMessage = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == u"name" && !inMessage) {
                context = xml.readElementText();
            } else if (name == u"message") {
                inMessage = true;
                current = TsMessage{context, {}, {}, {}, xml.lineNumber()};
            } else if (name == u"source") {
                current.source = xml.readElementText();
            } else if (name == u"translation") {
                current.type = xml.attributes().value("type").toString();
                // Plain text, or <numerusform> children.
                QString text;
                bool numerus = false;
                while (!(xml.isEndElement() && xml.name() == u"translation") && !xml.atEnd()) {
                    xml.readNext();
                    if (xml.isStartElement() && xml.name() == u"numerusform") {
                        numerus = true;
                        current.translations << xml.readElementText();
                    } else if (xml.isCharacters() && !numerus) {
                        text += xml.text();
                    }
                }
                if (!numerus)
                    current.translations << text;
            }
        } else if (xml.isEndElement() && xml.name() == u"message") {
            messages.push_back(current);
            inMessage = false;
        }
    }
    REQUIRE_FALSE(xml.hasError());
    return messages;
}

} // namespace

TEST_CASE("every message of the Chinese translation is translated", "[ui]") {
    const auto messages = readTs(kChinese);
    // The interface has hundreds of strings; an empty file would mean lupdate never ran.
    REQUIRE(messages.size() > 200);
    for (const auto& m : messages) {
        INFO(m.context.toStdString()
             << " / \"" << m.source.toStdString() << "\" (line " << m.line << ")");
        CHECK(m.type != "unfinished");
        CHECK(m.type != "vanished");
        CHECK(m.type != "obsolete");
        REQUIRE_FALSE(m.translations.isEmpty());
        for (const QString& t : m.translations)
            CHECK_FALSE(t.trimmed().isEmpty());
        // Placeholders survive translation: every %1.. of the source is in the translation.
        for (int n = 1; n <= 9; ++n) {
            const QString placeholder = QStringLiteral("%%1").arg(n);
            if (m.source.contains(placeholder))
                for (const QString& t : m.translations)
                    CHECK(t.contains(placeholder));
        }
        if (m.source.contains(QStringLiteral("%n")) && m.translations.size() > 0)
            for (const QString& t : m.translations)
                CHECK(t.contains(QStringLiteral("%n")));
    }
}
