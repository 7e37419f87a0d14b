<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CanvasClipboard</name>
    <message>
        <source>%1 (copy)</source>
        <translation>%1（副本）</translation>
    </message>
    <message>
        <source>The mapping of %1 was left out: its target site %2 is not in this project.</source>
        <translation>未粘贴 %1 的映射：其目标站点 %2 不在本项目中。</translation>
    </message>
</context>
<context>
    <name>CanvasStyle</name>
    <message>
        <source>AWS</source>
        <translation>AWS</translation>
    </message>
    <message>
        <source>Azure</source>
        <translation>Azure</translation>
    </message>
    <message>
        <source>GCP</source>
        <translation>GCP</translation>
    </message>
    <message>
        <source>Alibaba</source>
        <translation>阿里云</translation>
    </message>
    <message>
        <source>On-prem</source>
        <translation>本地</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Amazon Web Services</source>
        <translation>亚马逊云科技（AWS）</translation>
    </message>
    <message>
        <source>Microsoft Azure</source>
        <translation>微软 Azure</translation>
    </message>
    <message>
        <source>Google Cloud</source>
        <translation>谷歌云</translation>
    </message>
    <message>
        <source>Alibaba Cloud</source>
        <translation>阿里云</translation>
    </message>
    <message>
        <source>On-premises data centre</source>
        <translation>本地数据中心</translation>
    </message>
    <message>
        <source>Other provider</source>
        <translation>其他提供商</translation>
    </message>
    <message>
        <source>VM</source>
        <translation>虚拟机</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>File share</source>
        <translation>文件共享</translation>
    </message>
    <message>
        <source>Object bucket</source>
        <translation>对象存储桶</translation>
    </message>
    <message>
        <source>Model artifact</source>
        <translation>模型制品</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>Rehost</source>
        <translation>重新托管</translation>
    </message>
    <message>
        <source>Replatform</source>
        <translation>更换平台</translation>
    </message>
    <message>
        <source>Refactor</source>
        <translation>重构</translation>
    </message>
    <message>
        <source>Repurchase</source>
        <translation>重新购买</translation>
    </message>
    <message>
        <source>Retire</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Retain</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>%1 Gbit/s</source>
        <translation>%1 Gbit/s</translation>
    </message>
    <message>
        <source>%1 Mbit/s</source>
        <translation>%1 Mbit/s</translation>
    </message>
    <message>
        <source>%1 · %2 ms</source>
        <translation>%1 · %2 毫秒</translation>
    </message>
</context>
<context>
    <name>EnumLabels</name>
    <message>
        <source>Virtual machine</source>
        <translation>虚拟机</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>File share</source>
        <translation>文件共享</translation>
    </message>
    <message>
        <source>Object bucket</source>
        <translation>对象存储桶</translation>
    </message>
    <message>
        <source>Model artifact</source>
        <translation>模型制品</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>On-premises</source>
        <translation>本地部署</translation>
    </message>
    <message>
        <source>AWS</source>
        <translation>AWS</translation>
    </message>
    <message>
        <source>Azure</source>
        <translation>Azure</translation>
    </message>
    <message>
        <source>Google Cloud</source>
        <translation>谷歌云</translation>
    </message>
    <message>
        <source>Alibaba Cloud</source>
        <translation>阿里云</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Rehost</source>
        <translation>重新托管</translation>
    </message>
    <message>
        <source>Replatform</source>
        <translation>更换平台</translation>
    </message>
    <message>
        <source>Refactor</source>
        <translation>重构</translation>
    </message>
    <message>
        <source>Repurchase</source>
        <translation>重新购买</translation>
    </message>
    <message>
        <source>Retire</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Retain</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>关键</translation>
    </message>
    <message>
        <source>Project default</source>
        <translation>项目默认</translation>
    </message>
    <message>
        <source>Same wave</source>
        <translation>同一波次</translation>
    </message>
    <message>
        <source>Dependency first</source>
        <translation>依赖项优先</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>提示</translation>
    </message>
</context>
<context>
    <name>PlanGraphDefaults</name>
    <message>
        <source>AWS region</source>
        <translation>AWS 区域</translation>
    </message>
    <message>
        <source>Azure region</source>
        <translation>Azure 区域</translation>
    </message>
    <message>
        <source>Google Cloud region</source>
        <translation>谷歌云区域</translation>
    </message>
    <message>
        <source>Alibaba Cloud region</source>
        <translation>阿里云地域</translation>
    </message>
    <message>
        <source>Data centre</source>
        <translation>数据中心</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>New VM</source>
        <translation>新虚拟机</translation>
    </message>
    <message>
        <source>New database</source>
        <translation>新数据库</translation>
    </message>
    <message>
        <source>New file share</source>
        <translation>新文件共享</translation>
    </message>
    <message>
        <source>New bucket</source>
        <translation>新存储桶</translation>
    </message>
    <message>
        <source>New model</source>
        <translation>新模型</translation>
    </message>
    <message>
        <source>New service</source>
        <translation>新服务</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>ferry::ui::CanvasFindBar</name>
    <message>
        <source>Find by name, id, owner or tag</source>
        <translation>按名称、ID、负责人或标签查找</translation>
    </message>
    <message>
        <source>Previous match (Shift+Enter)</source>
        <translation>上一个匹配（Shift+Enter）</translation>
    </message>
    <message>
        <source>Next match (Enter)</source>
        <translation>下一个匹配（Enter）</translation>
    </message>
    <message>
        <source>Close (Escape)</source>
        <translation>关闭（Esc）</translation>
    </message>
    <message>
        <source>No match</source>
        <translation>无匹配</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>第 %1 个，共 %2 个</translation>
    </message>
</context>
<context>
    <name>ferry::ui::CanvasMinimap</name>
    <message>
        <source>Overview: click or drag to move the view</source>
        <translation>概览：单击或拖动以移动视图</translation>
    </message>
</context>
<context>
    <name>ferry::ui::CanvasScene</name>
    <message>
        <source>Added site %1.</source>
        <translation>已添加站点 %1。</translation>
    </message>
    <message>
        <source>A workload must be dropped inside a site: drop it on a site, or add a site from the palette first.</source>
        <translation>工作负载必须放在站点内：请将其拖放到站点上，或先从组件面板添加站点。</translation>
    </message>
    <message>
        <source>Added %1 to %2.</source>
        <translation>已将 %1 添加到 %2。</translation>
    </message>
    <message>
        <source>Move %1</source>
        <translation>移动 %1</translation>
    </message>
    <message numerus="yes">
        <source>Move %n object(s)</source>
        <translation>
            <numerusform>移动 %n 个对象</numerusform>
        </translation>
    </message>
    <message>
        <source>Release to map onto %1.</source>
        <translation>松开即可映射到 %1。</translation>
    </message>
    <message numerus="yes">
        <source>Map %n workload(s) to %1</source>
        <translation>
            <numerusform>将 %n 个工作负载映射到 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Mapped %1 to %2 (%3%4).</source>
        <translation>已将 %1 映射到 %2（%3%4）。</translation>
    </message>
    <message numerus="yes">
        <source>Mapped %n workload(s) to %1.</source>
        <translation>
            <numerusform>已将 %n 个工作负载映射到 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Release on the workload %1 depends on.</source>
        <translation>在 %1 所依赖的工作负载上松开。</translation>
    </message>
    <message>
        <source>No dependency added: release on another workload.</source>
        <translation>未添加依赖：请在另一个工作负载上松开。</translation>
    </message>
    <message>
        <source>%1 now depends on %2.</source>
        <translation>%1 现在依赖 %2。</translation>
    </message>
    <message>
        <source>→ %1 · %2%3</source>
        <translation>→ %1 · %2%3</translation>
    </message>
    <message>
        <source>Not mapped: drag it onto a target site.</source>
        <translation>未映射：请将其拖到目标站点上。</translation>
    </message>
    <message>
        <source>Wave %1</source>
        <translation>第 %1 波次</translation>
    </message>
    <message>
        <source>Tags: %1</source>
        <translation>标签：%1</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; depends on &lt;b&gt;%2&lt;/b&gt;&lt;br&gt;%3 GB a day</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; 依赖 &lt;b&gt;%2&lt;/b&gt;&lt;br&gt;每天 %3 GB</translation>
    </message>
    <message>
        <source>On a dependency cycle: these move together.</source>
        <translation>处于依赖环中：这些工作负载须一起迁移。</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; moves to &lt;b&gt;%2&lt;/b&gt;&lt;br&gt;%3%4</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; 迁移到 &lt;b&gt;%2&lt;/b&gt;&lt;br&gt;%3%4</translation>
    </message>
    <message numerus="yes">
        <source>%n workload(s)</source>
        <translation>
            <numerusform>%n 个工作负载</numerusform>
        </translation>
    </message>
    <message>
        <source>Release on the site %1 has a network link to.</source>
        <translation>在与 %1 建立网络链路的站点上松开。</translation>
    </message>
    <message>
        <source>No network link added: release on another site.</source>
        <translation>未添加网络链路：请在另一个站点上松开。</translation>
    </message>
    <message>
        <source>Added a network link from %1 to %2; set its bandwidth in the properties.</source>
        <translation>已添加从 %1 到 %2 的网络链路；请在属性中设置其带宽。</translation>
    </message>
    <message>
        <source>Network link &lt;b&gt;%1&lt;/b&gt; ↔ &lt;b&gt;%2&lt;/b&gt;&lt;br&gt;%3</source>
        <translation>网络链路 &lt;b&gt;%1&lt;/b&gt; ↔ &lt;b&gt;%2&lt;/b&gt;&lt;br&gt;%3</translation>
    </message>
</context>
<context>
    <name>ferry::ui::CanvasView</name>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom in on the canvas</source>
        <translation>放大画布</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>Zoom out of the canvas</source>
        <translation>缩小画布</translation>
    </message>
    <message>
        <source>&amp;Fit to View</source>
        <translation>适合窗口(&amp;F)</translation>
    </message>
    <message>
        <source>Show the whole estate</source>
        <translation>显示整个资产</translation>
    </message>
    <message>
        <source>&amp;Actual Size</source>
        <translation>实际大小(&amp;A)</translation>
    </message>
    <message>
        <source>Zoom to 100 %</source>
        <translation>缩放到 100%</translation>
    </message>
    <message>
        <source>&amp;Find on Canvas…</source>
        <translation>在画布中查找(&amp;F)…</translation>
    </message>
    <message>
        <source>Find a site or workload by name, id, owner or tag</source>
        <translation>按名称、ID、负责人或标签查找站点或工作负载</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>Select every site and workload</source>
        <translation>选择所有站点和工作负载</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the selected objects, to paste here or in another project</source>
        <translation>复制所选对象，以便粘贴到此处或其他项目</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>剪切(&amp;T)</translation>
    </message>
    <message>
        <source>Copy, then delete the selected objects</source>
        <translation>复制并删除所选对象</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>Paste copied objects; clashing ids are renamed</source>
        <translation>粘贴已复制的对象；冲突的 ID 会被重命名</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>创建副本(&amp;U)</translation>
    </message>
    <message>
        <source>Duplicate the selected objects</source>
        <translation>为所选对象创建副本</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>Delete the selected objects with their dependencies and mappings</source>
        <translation>删除所选对象及其依赖和映射</translation>
    </message>
    <message>
        <source>&amp;Pin or Unpin</source>
        <translation>固定/取消固定(&amp;P)</translation>
    </message>
    <message>
        <source>Pin the selection so that automatic layout leaves it in place, or unpin it</source>
        <translation>固定所选对象，使自动布局不移动它们；或取消固定</translation>
    </message>
    <message>
        <source>Auto &amp;Layout</source>
        <translation>自动布局(&amp;L)</translation>
    </message>
    <message>
        <source>Lay the estate out with Graphviz; pinned objects stay</source>
        <translation>用 Graphviz 排布资产；已固定的对象保持不动</translation>
    </message>
    <message>
        <source>Arrange in &amp;Grid</source>
        <translation>网格排列(&amp;G)</translation>
    </message>
    <message>
        <source>Arrange sites in rows and workloads in grids; pinned objects stay</source>
        <translation>站点按行排列，工作负载按网格排列；已固定的对象保持不动</translation>
    </message>
    <message>
        <source>&amp;Export Image…</source>
        <translation>导出图像(&amp;E)…</translation>
    </message>
    <message>
        <source>Save the canvas as a PNG image or an SVG drawing</source>
        <translation>将画布保存为 PNG 图像或 SVG 矢量图</translation>
    </message>
    <message>
        <source>&amp;Minimap</source>
        <translation>缩略图(&amp;M)</translation>
    </message>
    <message>
        <source>Show or hide the overview in the corner</source>
        <translation>显示或隐藏角落里的概览图</translation>
    </message>
    <message>
        <source>Colour the workload cards %1</source>
        <translation>工作负载卡片着色：%1</translation>
    </message>
    <message numerus="yes">
        <source>Nudge %n object(s)</source>
        <translation>
            <numerusform>微移 %n 个对象</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is not on the canvas.</source>
        <translation>%1 不在画布上。</translation>
    </message>
    <message>
        <source>Migration canvas exported from Ferry</source>
        <translation>从 Ferry 导出的迁移画布</translation>
    </message>
    <message>
        <source>Exported the canvas to %1.</source>
        <translation>已将画布导出到 %1。</translation>
    </message>
    <message>
        <source>canvas</source>
        <translation>画布</translation>
    </message>
    <message>
        <source>Export canvas</source>
        <translation>导出画布</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>PNG 图像 (*.png);;SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>The clipboard holds no Ferry objects to paste.</source>
        <translation>剪贴板中没有可粘贴的 Ferry 对象。</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message numerus="yes">
        <source>Pasted %n object(s).</source>
        <translation>
            <numerusform>已粘贴 %n 个对象。</numerusform>
        </translation>
    </message>
    <message>
        <source>Select sites or workloads to copy.</source>
        <translation>请选择要复制的站点或工作负载。</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n object(s).</source>
        <translation>
            <numerusform>已复制 %n 个对象。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n object(s); Undo brings them back.</source>
        <translation>
            <numerusform>已删除 %n 个对象；撤销可恢复。</numerusform>
        </translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>创建副本</translation>
    </message>
    <message numerus="yes">
        <source>Duplicated %n object(s).</source>
        <translation>
            <numerusform>已为 %n 个对象创建副本。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Pin %n object(s)</source>
        <translation>
            <numerusform>固定 %n 个对象</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Unpin %n object(s)</source>
        <translation>
            <numerusform>取消固定 %n 个对象</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Pinned %n object(s): automatic layout leaves them in place.</source>
        <translation>
            <numerusform>已固定 %n 个对象：自动布局不会移动它们。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Unpinned %n object(s).</source>
        <translation>
            <numerusform>已取消固定 %n 个对象。</numerusform>
        </translation>
    </message>
    <message>
        <source>An automatic layout is already running.</source>
        <translation>自动布局已在运行。</translation>
    </message>
    <message>
        <source>Automatic layout needs Graphviz, and its program &apos;dot&apos; was not found. Install Graphviz (for example: apt install graphviz) or set FERRY_DOT to its path, then try again.</source>
        <translation>自动布局需要 Graphviz，但未找到其程序 “dot”。请安装 Graphviz（例如：apt install graphviz）或将 FERRY_DOT 设为其路径，然后重试。</translation>
    </message>
    <message numerus="yes">
        <source>Laying out %n workload(s) with Graphviz…</source>
        <translation>
            <numerusform>正在用 Graphviz 排布 %n 个工作负载…</numerusform>
        </translation>
    </message>
    <message>
        <source>Automatic layout abandoned: another project was opened.</source>
        <translation>已放弃自动布局：打开了另一个项目。</translation>
    </message>
    <message>
        <source>Auto layout</source>
        <translation>自动布局</translation>
    </message>
    <message>
        <source>Laid out the estate; Undo restores the previous layout.</source>
        <translation>资产已重新布局；撤销可恢复之前的布局。</translation>
    </message>
    <message>
        <source>Arrange in grid</source>
        <translation>网格排列</translation>
    </message>
    <message>
        <source>Arranged the estate in a grid; Undo restores the previous layout.</source>
        <translation>资产已按网格排列；撤销可恢复之前的布局。</translation>
    </message>
    <message>
        <source>&amp;Map to</source>
        <translation>映射到(&amp;M)</translation>
    </message>
    <message>
        <source>Mapped %1 to %2.</source>
        <translation>已将 %1 映射到 %2。</translation>
    </message>
    <message>
        <source>&amp;Remove Mapping</source>
        <translation>移除映射(&amp;R)</translation>
    </message>
</context>
<context>
    <name>ferry::ui::EditFeedback</name>
    <message>
        <source>Refused: %1</source>
        <translation>已拒绝：%1</translation>
    </message>
    <message>
        <source>Add site %1</source>
        <translation>添加站点 %1</translation>
    </message>
    <message>
        <source>Edit site %1</source>
        <translation>编辑站点 %1</translation>
    </message>
    <message>
        <source>Delete site %1</source>
        <translation>删除站点 %1</translation>
    </message>
    <message>
        <source>Add link %1</source>
        <translation>添加链路 %1</translation>
    </message>
    <message>
        <source>Edit link %1</source>
        <translation>编辑链路 %1</translation>
    </message>
    <message>
        <source>Delete link %1</source>
        <translation>删除链路 %1</translation>
    </message>
    <message>
        <source>Add %1</source>
        <translation>添加 %1</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>编辑 %1</translation>
    </message>
    <message>
        <source>Delete %1</source>
        <translation>删除 %1</translation>
    </message>
    <message>
        <source>Add dependency %1 → %2</source>
        <translation>添加依赖 %1 → %2</translation>
    </message>
    <message>
        <source>Edit dependency %1 → %2</source>
        <translation>编辑依赖 %1 → %2</translation>
    </message>
    <message>
        <source>Delete dependency %1 → %2</source>
        <translation>删除依赖 %1 → %2</translation>
    </message>
    <message>
        <source>Map %1 to %2</source>
        <translation>将 %1 映射到 %2</translation>
    </message>
    <message>
        <source>Remove mapping of %1</source>
        <translation>移除 %1 的映射</translation>
    </message>
    <message numerus="yes">
        <source>Edit %n workload(s)</source>
        <translation>
            <numerusform>编辑 %n 个工作负载</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %n object(s)</source>
        <translation>
            <numerusform>删除 %n 个对象</numerusform>
        </translation>
    </message>
    <message>
        <source>Change scenario %1</source>
        <translation>修改情景 %1</translation>
    </message>
    <message>
        <source>Add scenario %1</source>
        <translation>添加情景 %1</translation>
    </message>
    <message>
        <source>Remove scenario %1</source>
        <translation>删除情景 %1</translation>
    </message>
</context>
<context>
    <name>ferry::ui::EngineBridge</name>
    <message>
        <source>A run is already in progress.</source>
        <translation>已有一个运行正在进行。</translation>
    </message>
    <message>
        <source>run %1</source>
        <translation>运行 %1</translation>
    </message>
    <message>
        <source>wave %1 %2</source>
        <translation>第 %1 波 %2</translation>
    </message>
    <message>
        <source>%1: %2 %3</source>
        <translation>%1：%2 %3</translation>
    </message>
    <message>
        <source>error %1 %2: %3</source>
        <translation>错误 %1 %2：%3</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) were dropped because the view fell behind</source>
        <translation>
            <numerusform>视图处理不及，丢弃了 %n 个事件</numerusform>
        </translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>started</source>
        <translation>已开始</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>copying</source>
        <translation>复制中</translation>
    </message>
    <message>
        <source>written</source>
        <translation>已写入</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>已校验</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>listed</source>
        <translation>已列出</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>cleaned</source>
        <translation>已清理</translation>
    </message>
    <message>
        <source>dry run</source>
        <translation>试运行</translation>
    </message>
</context>
<context>
    <name>ferry::ui::EstateTreeModel</name>
    <message>
        <source>Virtual machine</source>
        <translation>虚拟机</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>File share</source>
        <translation>文件共享</translation>
    </message>
    <message>
        <source>Object bucket</source>
        <translation>对象存储桶</translation>
    </message>
    <message>
        <source>Model artifact</source>
        <translation>模型制品</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <source>On-premises</source>
        <translation>本地部署</translation>
    </message>
    <message>
        <source>Alibaba Cloud</source>
        <translation>阿里云</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>rehost</source>
        <translation>重新托管</translation>
    </message>
    <message>
        <source>replatform</source>
        <translation>更换平台</translation>
    </message>
    <message>
        <source>refactor</source>
        <translation>重构</translation>
    </message>
    <message>
        <source>repurchase</source>
        <translation>重新购买</translation>
    </message>
    <message>
        <source>retire</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>retain</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Unassigned (unknown site)</source>
        <translation>未分配（未知站点）</translation>
    </message>
    <message>
        <source>not mapped</source>
        <translation>未映射</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind / provider</source>
        <translation>类型 / 提供商</translation>
    </message>
    <message>
        <source>Site / region</source>
        <translation>站点 / 区域</translation>
    </message>
    <message>
        <source>Size (GB)</source>
        <translation>数据量 (GB)</translation>
    </message>
    <message>
        <source>Monthly cost</source>
        <translation>月度成本</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
</context>
<context>
    <name>ferry::ui::FindingsPanel</name>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>No findings: the project is consistent.</source>
        <translation>未发现问题：项目数据一致。</translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n 个错误</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n 个警告</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n note(s)</source>
        <translation>
            <numerusform>%n 条提示</numerusform>
        </translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Problems validation found; click one to select its object.</source>
        <translation>校验发现的问题；单击某条可选中其对象。</translation>
    </message>
    <message>
        <source>%1, %2, %3 — click one to show its object.</source>
        <translation>%1，%2，%3 —— 单击某条可定位到其对象。</translation>
    </message>
</context>
<context>
    <name>ferry::ui::GanttView</name>
    <message>
        <source>Full copy</source>
        <translation>全量复制</translation>
    </message>
    <message>
        <source>Incremental sync</source>
        <translation>增量同步</translation>
    </message>
    <message>
        <source>Cutover</source>
        <translation>切换</translation>
    </message>
    <message>
        <source>%1: %2 from hour %3 to %4</source>
        <translation>%1：%2，第 %3 小时至第 %4 小时</translation>
    </message>
    <message>
        <source>day %1</source>
        <translation>第 %1 天</translation>
    </message>
</context>
<context>
    <name>ferry::ui::InventoryImportDialog</name>
    <message>
        <source>Import inventory</source>
        <translation>导入资产清单</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>A CSV export of your inventory</source>
        <translation>资产清单导出的 CSV 文件</translation>
    </message>
    <message>
        <source>&amp;Skip bad rows</source>
        <translation>跳过错误行(&amp;S)</translation>
    </message>
    <message>
        <source>Import the good rows and list the bad ones, instead of importing nothing while any row has an error.</source>
        <translation>导入正确的行并列出错误的行；不勾选时，只要有一行出错就什么也不导入。</translation>
    </message>
    <message>
        <source>Rows without a site column go to this site; it is created when it does not exist.</source>
        <translation>没有站点列的行会放入此站点；站点不存在时会自动创建。</translation>
    </message>
    <message>
        <source>Preview of the first rows</source>
        <translation>前几行预览</translation>
    </message>
    <message>
        <source>Problems found by a dry run</source>
        <translation>试运行发现的问题</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列映射</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>文件(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Preset:</source>
        <translation>预设(&amp;P)：</translation>
    </message>
    <message>
        <source>Site for rows &amp;without one:</source>
        <translation>无站点行的默认站点(&amp;W)：</translation>
    </message>
    <message>
        <source>CSV column</source>
        <translation>CSV 列</translation>
    </message>
    <message>
        <source>Imported as</source>
        <translation>导入为</translation>
    </message>
    <message>
        <source>First value</source>
        <translation>首行取值</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>取值</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>Choose an inventory file</source>
        <translation>选择资产清单文件</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>CSV 文件 (*.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Checking every row…</source>
        <translation>正在检查每一行…</translation>
    </message>
    <message>
        <source>Choose a CSV file to see its columns and a preview.</source>
        <translation>选择一个 CSV 文件以查看其列和预览。</translation>
    </message>
    <message>
        <source>Ferry cannot read this file: %1</source>
        <translation>Ferry 无法读取此文件：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) read</source>
        <translation>
            <numerusform>已读取 %n 行</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n would be imported</source>
        <translation>
            <numerusform>%n 行将被导入</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n rejected</source>
        <translation>
            <numerusform>%n 行被拒绝</numerusform>
        </translation>
    </message>
    <message>
        <source>New sites: %1.</source>
        <translation>将新建站点：%1。</translation>
    </message>
    <message>
        <source>Not imported: %1.</source>
        <translation>不导入的列：%1。</translation>
    </message>
    <message>
        <source>Nothing would be imported: %1</source>
        <translation>不会导入任何内容：%1</translation>
    </message>
    <message>
        <source>Correct the rows listed, or tick &quot;Skip bad rows&quot;.</source>
        <translation>请更正所列的行，或勾选“跳过错误行”。</translation>
    </message>
    <message>
        <source>There is nothing to import.</source>
        <translation>没有可导入的内容。</translation>
    </message>
    <message numerus="yes">
        <source>Import %n workload(s) from %1</source>
        <translation>
            <numerusform>从 %1 导入 %n 个工作负载</numerusform>
        </translation>
    </message>
    <message>
        <source>(not imported)</source>
        <translation>（不导入）</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Size in GB</source>
        <translation>数据量 (GB)</translation>
    </message>
    <message>
        <source>Size in GiB</source>
        <translation>数据量 (GiB)</translation>
    </message>
    <message>
        <source>Size in MB</source>
        <translation>数据量 (MB)</translation>
    </message>
    <message>
        <source>Size in MiB</source>
        <translation>数据量 (MiB)</translation>
    </message>
    <message>
        <source>Size in KiB</source>
        <translation>数据量 (KiB)</translation>
    </message>
    <message>
        <source>Change rate (GB/day)</source>
        <translation>变更率 (GB/天)</translation>
    </message>
    <message>
        <source>vCPU</source>
        <translation>vCPU</translation>
    </message>
    <message>
        <source>Memory in GB</source>
        <translation>内存 (GB)</translation>
    </message>
    <message>
        <source>Memory in MB</source>
        <translation>内存 (MB)</translation>
    </message>
    <message>
        <source>Memory in MiB</source>
        <translation>内存 (MiB)</translation>
    </message>
    <message>
        <source>Memory in KiB</source>
        <translation>内存 (KiB)</translation>
    </message>
    <message>
        <source>Monthly cost</source>
        <translation>月度成本</translation>
    </message>
    <message>
        <source>Criticality</source>
        <translation>重要程度</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Data endpoint</source>
        <translation>数据端点</translation>
    </message>
    <message>
        <source>Region of a new site</source>
        <translation>新站点的区域</translation>
    </message>
    <message>
        <source>Provider of a new site</source>
        <translation>新站点的提供商</translation>
    </message>
    <message>
        <source>Operating system (tag)</source>
        <translation>操作系统（标签）</translation>
    </message>
    <message>
        <source>Cluster (tag)</source>
        <translation>集群（标签）</translation>
    </message>
    <message>
        <source>Host (tag)</source>
        <translation>主机（标签）</translation>
    </message>
    <message>
        <source>Power state (tag)</source>
        <translation>电源状态（标签）</translation>
    </message>
    <message>
        <source>Application (tag)</source>
        <translation>应用（标签）</translation>
    </message>
    <message>
        <source>Ferry&apos;s own CSV template (id, name, kind, site, size_gb…).</source>
        <translation>Ferry 自带的 CSV 模板（id、name、kind、site、size_gb…）。</translation>
    </message>
    <message>
        <source>The vInfo sheet of an RVTools export, saved as CSV.</source>
        <translation>RVTools 导出的 vInfo 工作表，另存为 CSV。</translation>
    </message>
    <message>
        <source>A server export of AWS Application Discovery Service.</source>
        <translation>AWS Application Discovery Service 的服务器导出文件。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>%1: %2, %3.</source>
        <comment>rows read: imported, rejected</comment>
        <translation>%1：%2，%3。</translation>
    </message>
</context>
<context>
    <name>ferry::ui::InventoryPanel</name>
    <message>
        <source>Filter by name, tag, kind or site</source>
        <translation>按名称、标签、类型或站点筛选</translation>
    </message>
    <message>
        <source>Shows the workloads whose name, id, tags, kind or site contain every word typed here.</source>
        <translation>只显示名称、ID、标签、类型或站点包含此处所有输入词的工作负载。</translation>
    </message>
    <message>
        <source>Select rows to select the workloads on the canvas and in the other panels; click a header to sort.</source>
        <translation>选中行即在画布和其他面板中选中对应工作负载；单击表头可排序。</translation>
    </message>
    <message numerus="yes">
        <source>%n workload(s)</source>
        <translation>
            <numerusform>%n 个工作负载</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n workload(s)</source>
        <translation>
            <numerusform>%1 / %n 个工作负载</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ferry::ui::InventoryTableModel</name>
    <message>
        <source>not mapped</source>
        <translation>未映射</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Size (GB)</source>
        <translation>数据量 (GB)</translation>
    </message>
    <message>
        <source>vCPU</source>
        <translation>vCPU</translation>
    </message>
    <message>
        <source>Memory (GB)</source>
        <translation>内存 (GB)</translation>
    </message>
    <message>
        <source>Monthly cost</source>
        <translation>月度成本</translation>
    </message>
    <message>
        <source>Criticality</source>
        <translation>重要程度</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
</context>
<context>
    <name>ferry::ui::MainWindow</name>
    <message>
        <source>Ferry projects (*.ferry *.json);;Ferry native (*.ferry);;JSON (*.json);;All files (*)</source>
        <translation>Ferry 项目 (*.ferry *.json);;Ferry 原生格式 (*.ferry);;JSON (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Autosave failed: %1</source>
        <translation>自动保存失败：%1</translation>
    </message>
    <message>
        <source>About Ferry</source>
        <translation>关于 Ferry</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Ferry %1&lt;/h3&gt;&lt;p&gt;Plan and run the migration of an estate of workloads — virtual machines, databases, file shares, buckets, model artifacts and services — between data centres and clouds.&lt;/p&gt;&lt;p&gt;Built with Qt %2.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Ferry %1&lt;/h3&gt;&lt;p&gt;规划并执行工作负载资产（虚拟机、数据库、文件共享、存储桶、模型制品和服务）在数据中心与云之间的迁移。&lt;/p&gt;&lt;p&gt;基于 Qt %2 构建。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation>面板(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Colour Workloads</source>
        <translation>工作负载着色(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Project</source>
        <translation>项目(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>Start an empty project</source>
        <translation>新建一个空项目</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a .ferry or .json project</source>
        <translation>打开 .ferry 或 .json 项目</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save the project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Save the project under another name or format</source>
        <translation>以其他名称或格式保存项目</translation>
    </message>
    <message>
        <source>&amp;Import Inventory…</source>
        <translation>导入资产清单(&amp;I)…</translation>
    </message>
    <message>
        <source>Add workloads from a CSV inventory export (generic, RVTools, AWS ADS)</source>
        <translation>从 CSV 资产清单（通用模板、RVTools、AWS ADS）添加工作负载</translation>
    </message>
    <message>
        <source>&amp;Clear List</source>
        <translation>清空列表(&amp;C)</translation>
    </message>
    <message>
        <source>Forget the recently opened projects</source>
        <translation>清除最近打开的项目记录</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Close Ferry</source>
        <translation>关闭 Ferry</translation>
    </message>
    <message>
        <source>Pre&amp;ferences…</source>
        <translation>首选项(&amp;F)…</translation>
    </message>
    <message>
        <source>Language, autosave and the canvas&apos;s colours</source>
        <translation>界面语言、自动保存和画布配色</translation>
    </message>
    <message>
        <source>F&amp;ull Screen</source>
        <translation>全屏(&amp;U)</translation>
    </message>
    <message>
        <source>Use the whole screen for Ferry</source>
        <translation>让 Ferry 占满整个屏幕</translation>
    </message>
    <message>
        <source>&amp;Restore Default Layout</source>
        <translation>恢复默认布局(&amp;R)</translation>
    </message>
    <message>
        <source>Put every panel back where it was at first</source>
        <translation>把所有面板放回初始位置</translation>
    </message>
    <message>
        <source>Project &amp;Details</source>
        <translation>项目详情(&amp;D)</translation>
    </message>
    <message>
        <source>Show and edit the project&apos;s name, description and currency</source>
        <translation>查看并编辑项目的名称、描述和币种</translation>
    </message>
    <message>
        <source>&amp;Validate Now</source>
        <translation>立即校验(&amp;V)</translation>
    </message>
    <message>
        <source>Check the project and show the findings</source>
        <translation>检查项目并显示发现的问题</translation>
    </message>
    <message>
        <source>&amp;About Ferry</source>
        <translation>关于 Ferry(&amp;A)</translation>
    </message>
    <message>
        <source>Ferry&apos;s version and what it does</source>
        <translation>Ferry 的版本与用途</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>The version of Qt Ferry runs on</source>
        <translation>Ferry 所用的 Qt 版本</translation>
    </message>
    <message>
        <source>Palette</source>
        <translation>组件</translation>
    </message>
    <message>
        <source>Estate</source>
        <translation>资产</translation>
    </message>
    <message>
        <source>Properties</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Inventory</source>
        <translation>资产清单</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>校验结果</translation>
    </message>
    <message>
        <source>Show the validation findings</source>
        <translation>显示校验结果</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Undo %1</source>
        <translation>撤销“%1”(&amp;U)</translation>
    </message>
    <message>
        <source>Take back the last edit</source>
        <translation>撤销上一次编辑</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Redo %1</source>
        <translation>重做“%1”(&amp;R)</translation>
    </message>
    <message>
        <source>Make the last undone edit again</source>
        <translation>重新执行上一次撤销的编辑</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>%1[*] — Ferry</source>
        <translation>%1[*] — Ferry</translation>
    </message>
    <message numerus="yes">
        <source>%n site(s)</source>
        <translation>
            <numerusform>%n 个站点</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n workload(s)</source>
        <translation>
            <numerusform>%n 个工作负载</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n dependency(ies)</source>
        <translation>
            <numerusform>%n 条依赖</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n 个错误</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n 个警告</numerusform>
        </translation>
    </message>
    <message>
        <source>No recent projects</source>
        <translation>没有最近打开的项目</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>The project &quot;%1&quot; has unsaved changes. Save them?</source>
        <translation>项目“%1”有未保存的更改。是否保存？</translation>
    </message>
    <message>
        <source>&amp;Don&apos;t Save</source>
        <translation>不保存(&amp;D)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Cannot open project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <source>Ferry could not open %1.

%2</source>
        <translation>Ferry 无法打开 %1。

%2</translation>
    </message>
    <message>
        <source>Opened %1</source>
        <translation>已打开 %1</translation>
    </message>
    <message>
        <source>Save project as</source>
        <translation>项目另存为</translation>
    </message>
    <message>
        <source>Cannot save project</source>
        <translation>无法保存项目</translation>
    </message>
    <message>
        <source>Ferry could not save to %1. Nothing was overwritten.

%2</source>
        <translation>Ferry 无法保存到 %1，原有文件未被覆盖。

%2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Cannot restore</source>
        <translation>无法恢复</translation>
    </message>
    <message>
        <source>Ferry could not read the autosaved copy %1; it is kept in case it can be read later.

%2</source>
        <translation>Ferry 无法读取自动保存的副本 %1；该副本会被保留，以便以后再试。

%2</translation>
    </message>
    <message>
        <source>Restore unsaved changes</source>
        <translation>恢复未保存的更改</translation>
    </message>
    <message>
        <source>Restored the unsaved changes of %1</source>
        <translation>已恢复 %1 未保存的更改</translation>
    </message>
    <message>
        <source>an unsaved project</source>
        <translation>一个未保存的项目</translation>
    </message>
    <message>
        <source>Restore unsaved changes?</source>
        <translation>恢复未保存的更改？</translation>
    </message>
    <message>
        <source>Ferry stopped before it could save the changes to %1. An autosaved copy from %2 exists.</source>
        <translation>Ferry 在保存对 %1 的更改之前意外退出。存在一份 %2 自动保存的副本。</translation>
    </message>
    <message>
        <source>Restore opens the project with those changes; Save keeps them. Delete throws the copy away.</source>
        <translation>“恢复”会打开包含这些更改的项目，保存后即可保留；“删除”会丢弃该副本。</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>恢复(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation>稍后(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>Ferry has no translation for this language yet.</source>
        <translation>Ferry 暂时还没有该语言的翻译。</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Fit to View</source>
        <translation>适合窗口</translation>
    </message>
    <message>
        <source>Auto Layout</source>
        <translation>自动布局</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <comment>errors, warnings</comment>
        <translation>%1，%2</translation>
    </message>
    <message>
        <source>Export &amp;Report…</source>
        <translation>导出报告(&amp;R)…</translation>
    </message>
    <message>
        <source>Write the plan report (waves, Gantt, costs, forecast, prices) as HTML or PDF</source>
        <translation>将计划报告（波次、甘特图、成本、预测、价格）导出为 HTML 或 PDF</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>Export Report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <source>PDF report (*.pdf);;HTML report (*.html)</source>
        <translation>PDF 报告 (*.pdf);;HTML 报告 (*.html)</translation>
    </message>
    <message>
        <source>There is no plan to report: %1</source>
        <translation>没有可导出的计划：%1</translation>
    </message>
    <message>
        <source>The plan is still being worked out; try again in a moment.</source>
        <translation>计划仍在计算中，请稍后再试。</translation>
    </message>
    <message>
        <source>computed before the latest edits</source>
        <translation>计算于最近一次编辑之前</translation>
    </message>
    <message>
        <source>The report could not be written: %1</source>
        <translation>无法写入报告：%1</translation>
    </message>
    <message>
        <source>Report written to %1</source>
        <translation>报告已写入 %1</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
</context>
<context>
    <name>ferry::ui::PaletteWidget</name>
    <message>
        <source>Sites</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Drag onto the canvas to add a site: %1</source>
        <translation>拖到画布上以添加站点：%1</translation>
    </message>
    <message>
        <source>Workloads</source>
        <translation>工作负载</translation>
    </message>
    <message>
        <source>Drag into a site to add a workload: %1</source>
        <translation>拖入站点以添加工作负载：%1</translation>
    </message>
    <message>
        <source>Drag a card onto another site to map it there. Drag from the handle on a card&apos;s right edge (or with Shift) to another card to add a dependency.</source>
        <translation>将卡片拖到另一个站点即可映射到该站点。从卡片右边缘的手柄（或按住 Shift）拖到另一张卡片即可添加依赖。</translation>
    </message>
</context>
<context>
    <name>ferry::ui::PlanDashboard</name>
    <message>
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 天</translation>
    </message>
    <message>
        <source>%1 TB</source>
        <translation>%1 TB</translation>
    </message>
    <message>
        <source>%1 GB</source>
        <translation>%1 GB</translation>
    </message>
    <message>
        <source>Egress</source>
        <translation>出口流量</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Transfer service</source>
        <translation>传输服务</translation>
    </message>
    <message>
        <source>Dual running</source>
        <translation>双环境并行</translation>
    </message>
    <message>
        <source>Cross-site traffic</source>
        <translation>跨站点流量</translation>
    </message>
    <message>
        <source>Waves</source>
        <translation>波次</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>成本</translation>
    </message>
    <message>
        <source>Forecast</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Scenarios</source>
        <translation>情景</translation>
    </message>
    <message>
        <source>Wave / workload</source>
        <translation>波次 / 工作负载</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Recalculating the plan…</source>
        <translation>正在重新计算计划…</translation>
    </message>
    <message>
        <source>No plan: %1</source>
        <translation>没有计划：%1</translation>
    </message>
    <message numerus="yes">
        <source>Plan up to date: %n wave(s), %1, one-time cost %2.</source>
        <translation>
            <numerusform>计划已是最新：%n 个波次，%1，一次性成本 %2。</numerusform>
        </translation>
    </message>
    <message>
        <source>The plan is infeasible: see the findings under the waves.</source>
        <translation>计划不可行：请查看波次下方的问题。</translation>
    </message>
    <message>
        <source>Pin %1 to wave %2</source>
        <translation>将 %1 固定到第 %2 波</translation>
    </message>
    <message>
        <source>Wave %1</source>
        <translation>第 %1 波</translation>
    </message>
    <message numerus="yes">
        <source>%n workload(s), last cutover %1</source>
        <translation>
            <numerusform>%n 个工作负载，最后切换 %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Every dependency is respected; nothing blocks this plan.</source>
        <translation>所有依赖均已满足，没有阻碍该计划的问题。</translation>
    </message>
    <message>
        <source>One-time cost by wave (%1)</source>
        <translation>各波次一次性成本（%1）</translation>
    </message>
    <message>
        <source>Monthly run-rate (%1)</source>
        <translation>每月运行成本（%1）</translation>
    </message>
    <message>
        <source>Before</source>
        <translation>迁移前</translation>
    </message>
    <message>
        <source>After</source>
        <translation>迁移后</translation>
    </message>
    <message>
        <source>Per month</source>
        <translation>每月</translation>
    </message>
    <message>
        <source>Cumulative cost: break-even in month %1</source>
        <translation>累计成本：第 %1 个月达到盈亏平衡</translation>
    </message>
    <message>
        <source>Cumulative cost: no break-even within %1 months</source>
        <translation>累计成本：%1 个月内无法达到盈亏平衡</translation>
    </message>
    <message>
        <source>Stay</source>
        <translation>保持现状</translation>
    </message>
    <message>
        <source>Migrate</source>
        <translation>迁移</translation>
    </message>
    <message>
        <source>month</source>
        <translation>月</translation>
    </message>
    <message>
        <source>Break-even</source>
        <translation>盈亏平衡</translation>
    </message>
    <message>
        <source>Egress per day (GB)</source>
        <translation>每日出口流量（GB）</translation>
    </message>
    <message>
        <source>GB leaving the source sites</source>
        <translation>离开源站点的 GB 数</translation>
    </message>
    <message>
        <source>day</source>
        <translation>天</translation>
    </message>
    <message>
        <source>GB</source>
        <translation>GB</translation>
    </message>
    <message numerus="yes">
        <source>Total duration over %n run(s) (days)</source>
        <translation>
            <numerusform>%n 次模拟的总工期（天）</numerusform>
        </translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>模拟次数</translation>
    </message>
    <message>
        <source>days</source>
        <translation>天</translation>
    </message>
    <message>
        <source>runs</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>%1 %2 d</source>
        <translation>%1 %2 天</translation>
    </message>
    <message>
        <source>Wave</source>
        <translation>波次</translation>
    </message>
    <message>
        <source>Ends (P50)</source>
        <translation>结束（P50）</translation>
    </message>
    <message>
        <source>Ends (P90)</source>
        <translation>结束（P90）</translation>
    </message>
    <message>
        <source>No forecast: the plan is infeasible or forecast_runs is 0</source>
        <translation>没有预测：计划不可行或 forecast_runs 为 0</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>情景</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>工期</translation>
    </message>
    <message>
        <source>Longest downtime</source>
        <translation>最长停机</translation>
    </message>
    <message>
        <source>One-time cost</source>
        <translation>一次性成本</translation>
    </message>
    <message>
        <source>Run-rate after</source>
        <translation>迁移后运行成本</translation>
    </message>
    <message>
        <source>No scenarios in this project</source>
        <translation>本项目没有情景</translation>
    </message>
    <message>
        <source>Duration (days) and one-time cost (%1) by scenario</source>
        <translation>各情景的工期（天）与一次性成本（%1）</translation>
    </message>
    <message>
        <source>Duration (days)</source>
        <translation>工期（天）</translation>
    </message>
    <message>
        <source>One-time cost (thousands)</source>
        <translation>一次性成本（千）</translation>
    </message>
    <message>
        <source>Baseline</source>
        <translation>基线</translation>
    </message>
    <message>
        <source>month %1</source>
        <translation>第 %1 个月</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>New Scenario</source>
        <translation>新建情景</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Rename Scenario</source>
        <translation>重命名情景</translation>
    </message>
    <message>
        <source>New Scenario…</source>
        <translation>新建情景…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Overrides…</source>
        <translation>覆盖设置…</translation>
    </message>
    <message>
        <source>What the scenario changes, e.g. a link&apos;s bandwidth or the target of every mapping</source>
        <translation>情景要改变的内容，例如某条链路的带宽或所有映射的目标</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>There is no scenario %1.</source>
        <translation>没有情景 %1。</translation>
    </message>
    <message>
        <source>This is not valid JSON: %1</source>
        <translation>这不是有效的 JSON：%1</translation>
    </message>
    <message>
        <source>The overrides must be one JSON object of &quot;path&quot;: value pairs.</source>
        <translation>覆盖设置必须是一个由 &quot;路径&quot;: 值 组成的 JSON 对象。</translation>
    </message>
    <message>
        <source>Overrides of %1</source>
        <translation>%1 的覆盖设置</translation>
    </message>
    <message>
        <source>One JSON object of path: value pairs, for example
{&quot;links.dc-aws.bandwidth_mbps&quot;: 10000, &quot;mappings.*.target_site&quot;: &quot;azure-sea&quot;}
Paths: assumptions.&lt;key&gt;, prices.&lt;provider&gt;.&lt;path&gt;, sites.&lt;id&gt;.&lt;field&gt;, links.&lt;id&gt;.&lt;field&gt;, workloads.&lt;id&gt;.&lt;field&gt;, mappings.&lt;workload id or *&gt;.&lt;field&gt;.</source>
        <translation>一个由 路径: 值 组成的 JSON 对象，例如
{&quot;links.dc-aws.bandwidth_mbps&quot;: 10000, &quot;mappings.*.target_site&quot;: &quot;azure-sea&quot;}
路径：assumptions.&lt;键&gt;、prices.&lt;提供商&gt;.&lt;路径&gt;、sites.&lt;id&gt;.&lt;字段&gt;、links.&lt;id&gt;.&lt;字段&gt;、workloads.&lt;id&gt;.&lt;字段&gt;、mappings.&lt;工作负载 id 或 *&gt;.&lt;字段&gt;。</translation>
    </message>
    <message>
        <source>there is no plan any more: %1</source>
        <translation>不再有计划：%1</translation>
    </message>
    <message>
        <source>breaks: %1</source>
        <translation>破坏：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n other workload(s) move from wave %1 to wave %2: %3</source>
        <translation>
            <numerusform>另有 %n 个工作负载从第 %1 波移到第 %2 波：%3</numerusform>
        </translation>
    </message>
    <message>
        <source>the planner put %1 in wave %2, not %3</source>
        <translation>规划器将 %1 放入第 %2 波，而不是第 %3 波</translation>
    </message>
    <message>
        <source>the last cutover moves from %1 to %2</source>
        <translation>最后一次切换从 %1 推迟到 %2</translation>
    </message>
    <message>
        <source>resolves: %1</source>
        <translation>解决：%1</translation>
    </message>
    <message>
        <source>&lt;b&gt;Moving %1 to wave %2&lt;/b&gt; (Undo reverts it):</source>
        <translation>&lt;b&gt;将 %1 移到第 %2 波&lt;/b&gt;（撤销可还原）：</translation>
    </message>
    <message>
        <source>nothing breaks and no other workload moves.</source>
        <translation>没有破坏任何依赖，也没有其他工作负载移动。</translation>
    </message>
</context>
<context>
    <name>ferry::ui::PlanGraphModel</name>
    <message>
        <source>%1 TB</source>
        <translation>%1 TB</translation>
    </message>
    <message>
        <source>%1 GB</source>
        <translation>%1 GB</translation>
    </message>
    <message>
        <source>Wave %1</source>
        <translation>第 %1 波次</translation>
    </message>
    <message>
        <source>Waves 13 to %1</source>
        <translation>第 13 至 %1 波次</translation>
    </message>
    <message>
        <source>Not planned</source>
        <translation>未规划</translation>
    </message>
    <message>
        <source>Not mapped</source>
        <translation>未映射</translation>
    </message>
    <message>
        <source>%1 %2 a month</source>
        <translation>每月 %1 %2</translation>
    </message>
    <message>
        <source>No problems</source>
        <translation>无问题</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>By kind</source>
        <translation>按类型</translation>
    </message>
    <message>
        <source>By wave</source>
        <translation>按波次</translation>
    </message>
    <message>
        <source>By strategy</source>
        <translation>按迁移策略</translation>
    </message>
    <message>
        <source>By monthly cost</source>
        <translation>按月度成本</translation>
    </message>
    <message>
        <source>By validation</source>
        <translation>按校验结果</translation>
    </message>
    <message>
        <source>W%1</source>
        <translation>第%1波</translation>
    </message>
    <message numerus="yes">
        <source>%n workload(s) mapped here</source>
        <translation>
            <numerusform>%n 个工作负载映射到此处</numerusform>
        </translation>
    </message>
    <message>
        <source>Drop workloads here to map them, or add new ones from the palette</source>
        <translation>将工作负载拖到此处进行映射，或从组件面板添加新的工作负载</translation>
    </message>
</context>
<context>
    <name>ferry::ui::PreferencesDialog</name>
    <message>
        <source>By wave</source>
        <translation>按波次</translation>
    </message>
    <message>
        <source>By strategy</source>
        <translation>按迁移策略</translation>
    </message>
    <message>
        <source>By monthly cost</source>
        <translation>按月度成本</translation>
    </message>
    <message>
        <source>By validation findings</source>
        <translation>按校验结果</translation>
    </message>
    <message>
        <source>By kind (plain)</source>
        <translation>按类型（素色）</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>界面语言(&amp;L)：</translation>
    </message>
    <message>
        <source>The language of menus, panels and dialogs; it changes at once.</source>
        <translation>菜单、面板和对话框的语言；更改后立即生效。</translation>
    </message>
    <message>
        <source>&amp;Autosave every:</source>
        <translation>自动保存间隔(&amp;A)：</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>Unsaved edits are copied to a recovery file this often, so a crash loses at most this much work.</source>
        <translation>按此间隔将未保存的编辑写入恢复文件，程序崩溃时最多丢失这段时间的工作。</translation>
    </message>
    <message>
        <source>Canvas &amp;colours:</source>
        <translation>画布配色(&amp;C)：</translation>
    </message>
    <message>
        <source>How the canvas colours workloads when Ferry starts.</source>
        <translation>Ferry 启动时画布为工作负载着色的方式。</translation>
    </message>
    <message>
        <source>Preferences are kept for your user account on this computer.</source>
        <translation>首选项保存在本机的当前用户账户下。</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>ferry::ui::PropertiesPanel</name>
    <message>
        <source>Edit project details</source>
        <translation>编辑项目详情</translation>
    </message>
    <message>
        <source>Enter a number, such as 120 or 0.5.</source>
        <translation>请输入数字，例如 120 或 0.5。</translation>
    </message>
    <message>
        <source>Enter zero or a positive number.</source>
        <translation>请输入零或正数。</translation>
    </message>
    <message>
        <source>Enter a whole number, such as 8.</source>
        <translation>请输入整数，例如 8。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Size (GB)</source>
        <translation>数据量 (GB)</translation>
    </message>
    <message>
        <source>Change rate (GB/day)</source>
        <translation>变更率 (GB/天)</translation>
    </message>
    <message>
        <source>vCPU</source>
        <translation>vCPU</translation>
    </message>
    <message>
        <source>Memory (GB)</source>
        <translation>内存 (GB)</translation>
    </message>
    <message>
        <source>Monthly cost</source>
        <translation>月度成本</translation>
    </message>
    <message>
        <source>Criticality</source>
        <translation>重要程度</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Data endpoint</source>
        <translation>数据端点</translation>
    </message>
    <message>
        <source>Target site</source>
        <translation>目标站点</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>迁移策略</translation>
    </message>
    <message>
        <source>Target service</source>
        <translation>目标服务</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>提供商</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>时区</translation>
    </message>
    <message>
        <source>Dependent</source>
        <translation>依赖方</translation>
    </message>
    <message>
        <source>Depends on</source>
        <translation>被依赖方</translation>
    </message>
    <message>
        <source>Traffic (GB/day)</source>
        <translation>流量 (GB/天)</translation>
    </message>
    <message>
        <source>Wave policy</source>
        <translation>波次策略</translation>
    </message>
    <message>
        <source>Enter a name.</source>
        <translation>请输入名称。</translation>
    </message>
    <message>
        <source>Enter an offset from UTC between -12:00 and +14:00, such as +08:00.</source>
        <translation>请输入 -12:00 到 +14:00 之间的 UTC 偏移，例如 +08:00。</translation>
    </message>
    <message>
        <source>Migration target</source>
        <translation>迁移目标</translation>
    </message>
    <message>
        <source>(leave as it is)</source>
        <translation>（保持不变）</translation>
    </message>
    <message>
        <source>Comma-separated, e.g. pci, tier-1</source>
        <translation>以逗号分隔，例如 pci, tier-1</translation>
    </message>
    <message>
        <source>e.g. s3://bucket/prefix</source>
        <translation>例如 s3://bucket/prefix</translation>
    </message>
    <message>
        <source>e.g. ec2:m6i.large, rds-postgresql</source>
        <translation>例如 ec2:m6i.large、rds-postgresql</translation>
    </message>
    <message>
        <source>e.g. +08:00</source>
        <translation>例如 +08:00</translation>
    </message>
    <message>
        <source>Replaces the tags of every selected workload.</source>
        <translation>替换所有选中工作负载的标签。</translation>
    </message>
    <message>
        <source>Applies to the workloads that have a target.</source>
        <translation>仅作用于已设置目标的工作负载。</translation>
    </message>
    <message>
        <source>&amp;Apply to selected</source>
        <translation>应用到所选(&amp;A)</translation>
    </message>
    <message>
        <source>Change every selected workload as one step (Edit &gt; Undo reverts it).</source>
        <translation>一步修改所有选中的工作负载（“编辑 &gt; 撤销”可还原）。</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>清空(&amp;L)</translation>
    </message>
    <message>
        <source>Empty the fields without changing anything.</source>
        <translation>清空这些字段，不做任何修改。</translation>
    </message>
    <message numerus="yes">
        <source>%n object(s) selected</source>
        <translation>
            <numerusform>已选中 %n 个对象</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a single object to edit it, or only workloads to edit them together.</source>
        <translation>选中单个对象即可编辑；只选中工作负载时可批量编辑。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Workload: %1</source>
        <translation>工作负载：%1</translation>
    </message>
    <message>
        <source>%1 (unknown site)</source>
        <translation>%1（未知站点）</translation>
    </message>
    <message>
        <source>Not mapped</source>
        <translation>未映射</translation>
    </message>
    <message>
        <source>Site: %1</source>
        <translation>站点：%1</translation>
    </message>
    <message>
        <source>Dependency</source>
        <translation>依赖</translation>
    </message>
    <message numerus="yes">
        <source>%n workload(s) selected</source>
        <translation>
            <numerusform>已选中 %n 个工作负载</numerusform>
        </translation>
    </message>
    <message>
        <source>Fill in only what should change; blank fields keep each workload&apos;s own value.</source>
        <translation>只填写需要修改的内容；留空的字段保持各工作负载原有的值。</translation>
    </message>
    <message>
        <source>Enter a three-letter currency code, such as USD or CNY.</source>
        <translation>请输入三个字母的币种代码，例如 USD 或 CNY。</translation>
    </message>
    <message>
        <source>Nothing was changed: correct the fields marked above.</source>
        <translation>未做任何修改：请更正上面标出的字段。</translation>
    </message>
    <message>
        <source>Nothing to change: fill in a field, or pick values that differ from the workloads&apos; own.</source>
        <translation>没有需要修改的内容：请填写字段，或选择与工作负载现有值不同的值。</translation>
    </message>
    <message numerus="yes">
        <source>Edit %n workload(s)</source>
        <translation>
            <numerusform>编辑 %n 个工作负载</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was changed: %1</source>
        <translation>未做任何修改：%1</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起点</translation>
    </message>
    <message>
        <source>To</source>
        <translation>终点</translation>
    </message>
    <message>
        <source>Bandwidth (Mbit/s)</source>
        <translation>带宽（Mbit/s）</translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation>延迟（毫秒）</translation>
    </message>
    <message>
        <source>Egress price per GB</source>
        <translation>每 GB 出站流量价格</translation>
    </message>
    <message>
        <source>The provider&apos;s price</source>
        <translation>云服务商的价格</translation>
    </message>
    <message>
        <source>Network link %1</source>
        <translation>网络链路 %1</translation>
    </message>
</context>
<context>
    <name>ferry::ui::RunMonitor</name>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Copy and verify the data of the chosen part of the plan</source>
        <translation>复制并校验所选计划范围内的数据</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the run; its journal keeps the place for a resume</source>
        <translation>停止运行；日志会记录进度，之后可以继续</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>限速</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Bandwidth limit for the whole run; takes effect at once</source>
        <translation>整个运行的带宽上限，立即生效</translation>
    </message>
    <message>
        <source>Parallel</source>
        <translation>并行</translation>
    </message>
    <message>
        <source>Past runs</source>
        <translation>历史运行</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Finish the chosen run from its journal: verified objects are never copied again</source>
        <translation>根据日志完成所选运行：已校验的对象不会再次复制</translation>
    </message>
    <message>
        <source>Filter the log</source>
        <translation>筛选日志</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Wave</source>
        <translation>波次</translation>
    </message>
    <message>
        <source>Workload</source>
        <translation>工作负载</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Throughput (MiB/s), last five minutes</source>
        <translation>吞吐量（MiB/s），最近五分钟</translation>
    </message>
    <message>
        <source>Bytes moved (MiB)</source>
        <translation>已传输（MiB）</translation>
    </message>
    <message>
        <source>measured</source>
        <translation>实测</translation>
    </message>
    <message>
        <source>limit</source>
        <translation>限速</translation>
    </message>
    <message>
        <source>moved</source>
        <translation>已传输</translation>
    </message>
    <message>
        <source>to move</source>
        <translation>待传输</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>No run yet. Choose what to move and press Start.</source>
        <translation>尚未运行。请选择要迁移的范围并点击“开始”。</translation>
    </message>
    <message>
        <source>Whole plan</source>
        <translation>整个计划</translation>
    </message>
    <message>
        <source>Wave %1</source>
        <translation>第 %1 波</translation>
    </message>
    <message>
        <source>Workload %1</source>
        <translation>工作负载 %1</translation>
    </message>
    <message>
        <source>Save the project first: runs keep their journals beside it.</source>
        <translation>请先保存项目：运行日志保存在项目文件旁边。</translation>
    </message>
    <message>
        <source>Cannot start: %1</source>
        <translation>无法开始：%1</translation>
    </message>
    <message>
        <source>Cannot resume: %1</source>
        <translation>无法继续：%1</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Wave %1: %2 of %3 objects</source>
        <translation>第 %1 波：%2 / %3 个对象</translation>
    </message>
    <message>
        <source>Run %1: %2</source>
        <translation>运行 %1：%2</translation>
    </message>
    <message>
        <source>The run ended: %1</source>
        <translation>运行结束：%1</translation>
    </message>
    <message>
        <source>The run could not finish: %1</source>
        <translation>运行未能完成：%1</translation>
    </message>
    <message>
        <source>Verification Report…</source>
        <translation>校验报告…</translation>
    </message>
    <message>
        <source>Check every target object of the chosen run against its source and write the report (PDF or HTML)</source>
        <translation>将所选运行的每个目标对象与源对象逐一比对，并写出报告（PDF 或 HTML）</translation>
    </message>
    <message>
        <source>Verifying the targets of %1…</source>
        <translation>正在校验 %1 的目标…</translation>
    </message>
    <message>
        <source>Verification Report</source>
        <translation>校验报告</translation>
    </message>
    <message>
        <source>PDF report (*.pdf);;HTML report (*.html)</source>
        <translation>PDF 报告 (*.pdf);;HTML 报告 (*.html)</translation>
    </message>
    <message>
        <source>Verification report written to %1</source>
        <translation>校验报告已写入 %1</translation>
    </message>
    <message>
        <source>No verification report: %1</source>
        <translation>未生成校验报告：%1</translation>
    </message>
    <message>
        <source>Objects copied at once; takes effect at once</source>
        <translation>同时复制的对象数；立即生效</translation>
    </message>
    <message>
        <source>planned</source>
        <translation>计划</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %2 · %3 of %4 objects · %5/s · ETA %6 at the measured rate, %7 at the planned rate · %n error(s)</source>
        <translation>
            <numerusform>%1 / %2 · %3 / %4 个对象 · %5/s · 按实测速率预计 %6，按计划速率预计 %7 · %n 个错误</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 / %2 rows</source>
        <translation>%1 / %2 行</translation>
    </message>
</context>
</TS>
